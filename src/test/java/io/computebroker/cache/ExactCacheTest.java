package io.computebroker.cache;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;
import io.computebroker.core.Usage;
import io.computebroker.server.Gateway;
import io.computebroker.server.TestGateway;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact cache through the real gateway: determinism gate, opt-out, tenant isolation, replay as a stream, ledger savings. */
class ExactCacheTest {
    static final String Q = "{\"model\":\"sim-owned\",\"temperature\":0,\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"What is a token ledger?\"}]}";
    static final String Q_REORDERED = "{ \"messages\" : [ { \"content\" : \"What is a token ledger?\", \"role\" : \"user\" } ],\n  \"max_tokens\": 100, \"model\": \"sim-owned\", \"temperature\": 0.0 }";

    static String content(HttpResponse<String> r) { return Json.parse(r.body()).get("choices").get(0).get("message").get("content").asText(); }

    @Test
    void deterministicRequestsHitRegardlessOfKeyOrderWhitespaceOrWireFormat() {
        try (TestGateway tg = TestGateway.start()) {
            HttpResponse<String> first = tg.post("/v1/chat/completions", Q, tg.openAiAuth());
            assertThat(first.headers().firstValue("x-broker-cache")).contains("miss");
            HttpResponse<String> again = tg.post("/v1/chat/completions", Q_REORDERED, tg.openAiAuth());
            assertThat(again.headers().firstValue("x-broker-cache")).contains("exact");
            assertThat(content(again)).isEqualTo(content(first));
            assertThat(again.headers().firstValue("x-broker-cost-usd")).contains("0.000000");
            HttpResponse<String> anthropic = tg.post("/v1/messages", Q, tg.anthropicAuth());
            assertThat(anthropic.headers().firstValue("x-broker-cache")).contains("exact");
            assertThat(Json.parse(anthropic.body()).get("content").get(0).get("text").asText()).isEqualTo(content(first));

            tg.gateway.ledger().flush(Duration.ofSeconds(5));
            var saved = tg.gateway.database().with(c -> {
                try (var rs = c.createStatement().executeQuery(
                        "SELECT COUNT(*), SUM(cost_nusd), SUM(baseline_nusd) FROM ledger WHERE cache_outcome = 'exact_hit'")) {
                    rs.next();
                    return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                }
            });
            assertThat(saved[0]).isEqualTo(2);
            assertThat(saved[1]).isZero();
            assertThat(saved[2]).as("baseline of a hit = the cost it avoided").isPositive();
        }
    }

    @Test
    void nonDeterministicRequestsOptOutsAndOtherTenantsNeverHit() {
        try (TestGateway tg = TestGateway.start()) {
            tg.post("/v1/chat/completions", Q, tg.openAiAuth());
            String other = tg.gateway.keys().create("globex", "other").secret();
            assertThat(tg.post("/v1/chat/completions", Q, Map.of("authorization", "Bearer " + other)).headers().firstValue("x-broker-cache"))
                    .as("another tenant").contains("miss");
            assertThat(tg.post("/v1/chat/completions", Q, Map.of("authorization", "Bearer " + tg.key, "x-broker-cache", "off"))
                    .headers().firstValue("x-broker-cache")).contains("bypass");
            String warm = Q.replace("\"temperature\":0,", "");
            assertThat(tg.post("/v1/chat/completions", warm, tg.openAiAuth()).headers().firstValue("x-broker-cache")).contains("bypass");
            assertThat(tg.post("/v1/chat/completions", warm, Map.of("authorization", "Bearer " + tg.key, "x-broker-cache", "on"))
                    .headers().firstValue("x-broker-cache")).as("explicit opt-in, first time").contains("miss");
            assertThat(tg.post("/v1/chat/completions", warm, Map.of("authorization", "Bearer " + tg.key, "x-broker-cache", "on"))
                    .headers().firstValue("x-broker-cache")).contains("exact");
            HttpResponse<String> bad = tg.post("/v1/chat/completions", Q, Map.of("authorization", "Bearer " + tg.key, "x-broker-cache", "maybe"));
            assertThat(bad.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aCachedAnswerIsReplayedAsAProperStreamInBothFormats() {
        try (TestGateway tg = TestGateway.start()) {
            String text = content(tg.post("/v1/chat/completions", Q, tg.openAiAuth()));
            HttpResponse<String> oa = tg.post("/v1/chat/completions", Q.replace("\"temperature\":0,", "\"temperature\":0,\"stream\":true,"), tg.openAiAuth());
            assertThat(oa.headers().firstValue("x-broker-cache")).contains("exact");
            assertThat(oa.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
            StringBuilder streamed = new StringBuilder();
            for (String line : oa.body().split("\n")) {
                if (!line.startsWith("data: {")) continue;
                var delta = Json.parse(line.substring(6)).path("choices").path(0).path("delta").path("content");
                if (delta.isTextual()) streamed.append(delta.asText());
            }
            assertThat(streamed.toString()).isEqualTo(text);
            assertThat(oa.body().strip()).endsWith("data: [DONE]");
            HttpResponse<String> an = tg.post("/v1/messages", Q.replace("\"temperature\":0,", "\"temperature\":0,\"stream\":true,"), tg.anthropicAuth());
            assertThat(an.headers().firstValue("x-broker-cache")).contains("exact");
            assertThat(an.body()).startsWith("event: message_start").contains("event: content_block_delta").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        }
    }

    @Test
    void entriesExpireAfterTheirTtl() {
        AtomicLong nanos = new AtomicLong();
        LocalResponseCache c = new LocalResponseCache(1 << 20, nanos::get);
        ChatResponse r = new ChatResponse("id", "m", List.of(Content.Text.of("hello")), StopReason.END_TURN, Usage.of(3, 1));
        c.put("k", new ResponseCache.Entry(r, "m", 42, 0), Duration.ofSeconds(60));
        assertThat(c.get("k")).hasValueSatisfying(e -> assertThat(e.response().text()).isEqualTo("hello"));
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(c.get("k")).isEmpty();
    }

    @Test
    void redisModeIsSharedAcrossTwoNodes() throws Exception {
        String prefix = "cbc" + System.nanoTime() + ":";
        try (Gateway a = node(prefix); Gateway b = node(prefix)) {
            String ka = a.keys().create("acme", "a").secret(), kb = b.keys().create("acme", "b").secret();
            HttpResponse<String> first = post(a, ka);
            assertThat(first.headers().firstValue("x-broker-cache")).contains("miss");
            HttpResponse<String> second = post(b, kb);
            assertThat(second.headers().firstValue("x-broker-cache")).contains("exact");
            assertThat(content(second)).isEqualTo(content(first));
        }
    }

    static Gateway node(String prefix) throws Exception {
        Path dir = TestStores.tempDir();
        Path policy = dir.resolve("policy.yaml");
        try (var in = ExactCacheTest.class.getResourceAsStream("/test-policy.yaml")) {
            Files.write(policy, in.readAllBytes());
        }
        BrokerConfig c = ConfigLoader.resource("/test-fleet.yaml");
        c = c.withServer(c.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()))
                .withLedger(c.ledger().withRedis("redis://127.0.0.1:6379").withRedisPrefix(prefix));
        return Gateway.start(c, new Secrets(Map.of(), null));
    }

    static HttpResponse<String> post(Gateway g, String key) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + g.port() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).POST(java.net.http.HttpRequest.BodyPublishers.ofString(Q)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
