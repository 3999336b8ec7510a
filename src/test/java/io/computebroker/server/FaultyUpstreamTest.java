package io.computebroker.server;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fallbacks and circuit breaking against an upstream that fails the ways real ones do: resets, 500s,
 * hangs past the timeout, and a stream that dies after its first chunk. The preferred (cheap, owned)
 * model sits on the faulty server; the simulated frontier model is the fallback.
 */
class FaultyUpstreamTest {
    @TempDir Path dir;
    FaultyUpstream faulty;
    Gateway gateway;
    String key;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        faulty = new FaultyUpstream();
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                defaults: {qualityFloor: {default: 0.7}, maxAttemptsPerCandidate: 2}
                quality: {flaky-owned: {default: 0.9}, sim-frontier: {default: 0.95}}
                """);
        BrokerConfig config = ConfigLoaderYaml.parse("""
                server: {host: 127.0.0.1, port: 0, dataDir: "%s", policyFile: "%s"}
                providers:
                  - {id: flaky, kind: openai-compatible, baseUrl: "http://127.0.0.1:%d/v1", keyRequired: false, timeoutMs: 400, breakerFailures: 4, breakerOpenMs: 60000}
                  - {id: sim, kind: simulated}
                models:
                  - {id: flaky-owned, provider: flaky, boundary: owned, price: {input: 0.01, output: 0.02}}
                  - {id: sim-frontier, provider: sim, boundary: frontier, price: {input: 5, output: 25}, simulation: {format: anthropic}}
                """.formatted(dir, policy, faulty.port()));
        gateway = Gateway.start(config, new Secrets(Map.of(), null));
        key = gateway.keys().create("acme", "t").secret();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        faulty.close();
    }

    HttpResponse<String> ask(boolean stream, String sensitivity) throws Exception {
        String body = Json.write(Json.object().put("model", "auto").put("stream", stream)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", "Say hello"))));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("x-broker-task", "chat")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sensitivity != null) b.header("x-broker-sensitivity", sensitivity);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthyOwnedUpstreamServes() throws Exception {
        HttpResponse<String> r = ask(false, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-broker-route")).contains("flaky/flaky-owned");
    }

    @Test
    void resetsErrorsAndHangsFailOverToTheNextCandidate() throws Exception {
        for (FaultyUpstream.Mode mode : new FaultyUpstream.Mode[]{FaultyUpstream.Mode.RESET, FaultyUpstream.Mode.ERROR_500, FaultyUpstream.Mode.HANG}) {
            faulty.mode = mode;
            int before = faulty.requests.get();
            HttpResponse<String> r = ask(false, null);
            assertThat(r.statusCode()).as(mode + ": " + r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-broker-route")).as(mode.name()).contains("sim/sim-frontier");
            assertThat(r.headers().firstValue("x-broker-fallback-from")).contains("flaky-owned");
            assertThat(faulty.requests.get() - before).as("retried once before failing over").isEqualTo(2);
            if (mode == FaultyUpstream.Mode.ERROR_500) break; // 4 faults so far: the breaker is open now
        }
        // The circuit is open: the faulty provider is not even tried, and the decision says why.
        int before = faulty.requests.get();
        HttpResponse<String> r = ask(false, null);
        assertThat(r.headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
        assertThat(r.headers().firstValue("x-broker-fallback-from")).isEmpty();
        assertThat(faulty.requests.get()).isEqualTo(before);
    }

    @Test
    void aStreamThatDiesBeforeItsFirstByteFailsOverAndOneThatDiesAfterEndsWithAnErrorEvent() throws Exception {
        faulty.mode = FaultyUpstream.Mode.ERROR_500;
        HttpResponse<String> before = ask(true, null);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
        assertThat(before.body()).contains("[DONE]");

        faulty.mode = FaultyUpstream.Mode.STREAM_THEN_DIE;
        HttpResponse<String> after = ask(true, null);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("x-broker-route")).contains("flaky/flaky-owned");
        assertThat(after.body()).contains("partial ").contains("\"error\"").doesNotContain("[DONE]");
    }

    @Test
    void sensitiveTrafficIsNeverFailedOverOffOwnedInfrastructure() throws Exception {
        faulty.mode = FaultyUpstream.Mode.ERROR_500;
        HttpResponse<String> r = ask(false, "confidential");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(gateway.providers().fleet().received()).isEmpty();
    }
}
