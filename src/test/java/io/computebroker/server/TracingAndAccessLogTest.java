package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.observe.ObserveSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces (in-memory exporter), W3C propagation, the access log and the fallback metrics on one request
 * that fails on the owned upstream (500 twice) and falls back to the simulated frontier model.
 */
class TracingAndAccessLogTest {
    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_PARENT = "00f067aa0ba902b7";
    static final String PROMPT = "Say hello to walrus-omega-42";

    @TempDir Path dir;
    FaultyUpstream faulty;
    Gateway gateway;
    String key;
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    Path accessLog;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        faulty = new FaultyUpstream();
        faulty.mode = FaultyUpstream.Mode.ERROR_500;
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                defaults: {qualityFloor: {default: 0.7}, maxAttemptsPerCandidate: 2}
                quality: {flaky-owned: {default: 0.9}, sim-frontier: {default: 0.95}}
                """);
        BrokerConfig config = ConfigLoaderYaml.parse("""
                server: {host: 127.0.0.1, port: 0, dataDir: "%s", policyFile: "%s"}
                providers:
                  - {id: flaky, kind: openai-compatible, baseUrl: "http://127.0.0.1:%d/v1", keyRequired: false, timeoutMs: 2000, breakerFailures: 10}
                  - {id: sim, kind: simulated}
                models:
                  - {id: flaky-owned, provider: flaky, boundary: owned, price: {input: 0.01, output: 0.02}}
                  - {id: sim-frontier, provider: sim, boundary: frontier, price: {input: 5, output: 25}, simulation: {format: anthropic}}
                """.formatted(dir, policy, faulty.port()));
        accessLog = dir.resolve("access.jsonl");
        gateway = Gateway.start(config, new Secrets(Map.of(), null),
                ObserveSettings.OFF.withAccessLog(accessLog.toString()).withExporter(spans));
        key = gateway.keys().create("acme", "t").secret();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        faulty.close();
    }

    HttpResponse<String> ask() throws Exception {
        String body = Json.write(Json.object().put("model", "auto").put("max_tokens", 40)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", PROMPT))));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("x-broker-task", "chat").header("x-broker-feature", "greeter")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_PARENT + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static <T> T attr(SpanData s, AttributeKey<T> k) { return s.getAttributes().get(k); }

    /** The root span ends after the response is written (its status is the response's), so the client may be first. */
    List<SpanData> spansOnceRootEnded() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<SpanData> all = spans.getFinishedSpanItems();
            if (all.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)) return all;
            Thread.sleep(50);
        }
        throw new AssertionError("no SERVER span within 5 s: " + spans.getFinishedSpanItems());
    }

    /** Access-log lines are written when the exchange ends, by a writer thread: wait for them. */
    List<String> accessLines(int n) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<String> lines = Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
            if (lines.size() >= n) return lines;
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " access-log lines within 5 s");
    }

    @Test
    void oneSpanPerStageGenAiAttributesAndTraceContextUpstream() throws Exception {
        HttpResponse<String> r = ask();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-broker-fallback-from")).contains("flaky-owned");

        List<SpanData> all = spansOnceRootEnded();
        SpanData root = all.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(all).allSatisfy(s -> assertThat(s.getTraceId()).as("the caller's trace continues").isEqualTo(CALLER_TRACE));
        assertThat(root.getParentSpanId()).isEqualTo(CALLER_PARENT);
        assertThat(root.getName()).isEqualTo("chat auto");
        assertThat(attr(root, AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(attr(root, AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("auto");
        assertThat(attr(root, AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("sim-frontier");
        assertThat(attr(root, AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
        assertThat(attr(root, AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
        assertThat(attr(root, AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(40L);
        assertThat(attr(root, AttributeKey.stringKey("broker.decision.id"))).isEqualTo(r.headers().firstValue("x-broker-decision").orElseThrow());
        assertThat(attr(root, AttributeKey.stringKey("broker.decision.chosen_model"))).isEqualTo("flaky-owned");
        assertThat(attr(root, AttributeKey.stringKey("broker.boundary"))).isEqualTo("frontier");
        assertThat(attr(root, AttributeKey.stringKey("broker.task"))).isEqualTo("chat");
        assertThat(attr(root, AttributeKey.stringKey("broker.sensitivity"))).isEqualTo("public");
        assertThat(attr(root, AttributeKey.booleanKey("broker.fallback"))).isTrue();
        assertThat(attr(root, AttributeKey.doubleKey("broker.cost_usd"))).isPositive();
        assertThat(attr(root, AttributeKey.doubleKey("broker.baseline_cost_usd"))).isPositive();
        assertThat(attr(root, AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);

        Map<String, List<SpanData>> children = all.stream().filter(s -> s.getParentSpanId().equals(root.getSpanId()))
                .collect(Collectors.groupingBy(SpanData::getName));
        assertThat(children.keySet()).containsExactlyInAnyOrder("broker.classify", "broker.decide", "broker.reserve", "broker.cache",
                "broker.dispatch", "broker.settle");
        assertThat(children.values()).allSatisfy(l -> assertThat(l).hasSize(1));
        SpanData dispatch = children.get("broker.dispatch").getFirst();
        List<SpanData> attempts = all.stream().filter(s -> s.getParentSpanId().equals(dispatch.getSpanId()))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        assertThat(attempts).extracting(SpanData::getName).containsExactly("chat flaky-owned", "chat flaky-owned", "chat sim-frontier");
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(attr(a, AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        });
        assertThat(attr(attempts.get(0), AttributeKey.stringKey("error.type"))).isEqualTo("upstream");
        assertThat(attr(attempts.get(2), AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("sim");
        assertThat(attr(attempts.get(2), AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
        assertThat(attr(attempts.get(2), AttributeKey.stringKey("gen_ai.response.model"))).isNotBlank();

        // W3C trace context went upstream: same trace, parent = that attempt's client span
        List<String> tp = faulty.headers.stream().flatMap(List::stream).filter(h -> h.startsWith("traceparent:")).toList();
        assertThat(tp).containsExactly(
                "traceparent: 00-" + CALLER_TRACE + "-" + attempts.get(0).getSpanId() + "-01",
                "traceparent: 00-" + CALLER_TRACE + "-" + attempts.get(1).getSpanId() + "-01");
        // no prompt text anywhere in the trace
        assertThat(all).allSatisfy(s -> assertThat(s.getAttributes().toString()).doesNotContain("walrus"));
    }

    @Test
    void accessLogHasOneLinePerRequestWithRouteAndCostButNoPromptOrKey() throws Exception {
        HttpResponse<String> ok = ask();
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("authorization", "Bearer sk-cb-wrong").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        List<String> lines = accessLines(2);
        assertThat(lines).hasSize(2);
        // each line is written when its exchange ends: find them by status, not by order
        List<JsonNode> parsed = lines.stream().map(Json::parse).toList();
        JsonNode first = parsed.stream().filter(l -> l.get("status").asInt() == 200).findFirst().orElseThrow();
        assertThat(first.get("request_id").asText()).isEqualTo(ok.headers().firstValue("x-request-id").orElseThrow());
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("tenant").asText()).isEqualTo("acme");
        assertThat(first.get("feature").asText()).isEqualTo("greeter");
        assertThat(first.get("model").asText()).isEqualTo("sim-frontier");
        assertThat(first.get("chosen_model").asText()).isEqualTo("flaky-owned");
        assertThat(first.get("fallback").asBoolean()).isTrue();
        assertThat(first.get("attempts").asInt()).isEqualTo(3);
        assertThat(first.get("output_tokens").asLong()).isPositive();
        assertThat(Double.parseDouble(first.get("cost_usd").asText())).isPositive();
        assertThat(first.get("decision_id").asText()).isEqualTo(ok.headers().firstValue("x-broker-decision").orElseThrow());
        JsonNode second = parsed.stream().filter(l -> l.get("status").asInt() != 200).findFirst().orElseThrow();
        assertThat(second.get("status").asInt()).isEqualTo(401);
        assertThat(second.get("error_type").asText()).isEqualTo("authentication");
        assertThat(second.has("tenant")).isFalse();
        assertThat(String.join("\n", lines)).doesNotContain("walrus", key, "sk-cb-wrong", "hello");
        // Lines are rendered field by field: no field twice, and the exchange's fields first.
        var strict = Json.MAPPER.copy().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (String line : lines) {
            List<String> names = new java.util.ArrayList<>();
            strict.readTree(line).fieldNames().forEachRemaining(names::add);
            assertThat(names).startsWith("ts", "kind", "request_id", "api", "status", "latency_ms");
        }
        List<String> okNames = new java.util.ArrayList<>();
        first.fieldNames().forEachRemaining(okNames::add);
        assertThat(okNames).containsSubsequence("tenant", "key_id", "feature", "task", "sensitivity", "requested_model", "decision_id",
                "chosen_model", "model", "provider", "boundary", "streamed", "cache", "fallback", "attempts", "input_tokens", "output_tokens",
                "cost_usd");
    }

    @Test
    void fallbackAndAttemptMetrics() throws Exception {
        assertThat(ask().statusCode()).isEqualTo(200);
        String m = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(m).contains("broker_fallbacks_total{chosen_model=\"flaky-owned\",served_model=\"sim-frontier\"} 1.0");
        assertThat(m).contains("broker_upstream_attempts_total{model=\"flaky-owned\",outcome=\"upstream\",provider=\"flaky\"} 2.0");
        assertThat(m).contains("broker_upstream_attempts_total{model=\"sim-frontier\",outcome=\"ok\",provider=\"sim\"} 1.0");
        assertThat(m).contains("broker_requests_total{boundary=\"frontier\",feature=\"greeter\",model=\"sim-frontier\",provider=\"sim\","
                + "status=\"ok\",task=\"chat\",tenant=\"acme\"} 1.0");
        gateway.ledger().flush(Duration.ofSeconds(5));
    }
}
