package io.computebroker.cache;

import io.computebroker.core.Json;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The governed semantic cache through the gateway: shadow mode records, serving mode answers, sensitive data never. */
class SemanticCacheGatewayTest {
    static String ask(String text) {
        return Json.write(Json.object().put("model", "sim-owned").put("max_tokens", 100)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", text))));
    }

    static void policy(TestGateway tg, boolean shadow) throws Exception {
        Path p = Path.of(tg.gateway.config().server().policyFile());
        String base;
        try (var in = SemanticCacheGatewayTest.class.getResourceAsStream("/test-policy.yaml")) {
            base = new String(in.readAllBytes());
        }
        Files.writeString(p, base.replace("defaults:", "defaults:\n  semanticCache: {enabled: true, shadow: " + shadow + ", threshold: 0.9}"));
        assertThat(tg.gateway.policies().reload()).isTrue();
    }

    static HttpResponse<String> until(TestGateway tg, String body, Map<String, String> h, String outcome) throws Exception {
        HttpResponse<String> r = null;
        for (int i = 0; i < 50; i++) { // entries are stored off the request path: give the writer a moment
            r = tg.post("/v1/chat/completions", body, h);
            if (outcome.equals(r.headers().firstValue("x-broker-cache").orElse(""))) return r;
            Thread.sleep(100);
        }
        return r;
    }

    @Test
    void servingModeAnswersARepeatedQuestionAndNeverAConfidentialOne() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            policy(tg, false);
            Map<String, String> qa = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "qa");
            HttpResponse<String> first = tg.post("/v1/chat/completions", ask("How do I reset my password?"), qa);
            assertThat(first.headers().firstValue("x-broker-cache")).contains("miss");
            HttpResponse<String> again = until(tg, ask("How do I reset my password?"), qa, "semantic");
            assertThat(again.headers().firstValue("x-broker-cache")).contains("semantic");
            assertThat(Json.parse(again.body()).get("choices").get(0).get("message").get("content").asText())
                    .isEqualTo(Json.parse(first.body()).get("choices").get(0).get("message").get("content").asText());

            String secret = ask("How do I reset the password for jan.devries@example.nl?");
            tg.post("/v1/chat/completions", secret, qa);
            Thread.sleep(500);
            assertThat(tg.post("/v1/chat/completions", secret, qa).headers().firstValue("x-broker-cache"))
                    .as("confidential: not even looked up").contains("bypass");

            tg.gateway.ledger().flush(Duration.ofSeconds(5));
            long hits = tg.gateway.database().with(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ledger WHERE cache_outcome = 'semantic_hit'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(hits).isPositive();
        }
    }

    @Test
    void shadowModeRecordsWhatWouldHaveHitAndServesTheRealAnswer() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            policy(tg, true);
            Map<String, String> qa = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "qa");
            tg.post("/v1/chat/completions", ask("What are your opening hours?"), qa);
            Thread.sleep(1_000);
            for (int i = 0; i < 3; i++) {
                assertThat(tg.post("/v1/chat/completions", ask("What are your opening hours?"), qa).headers().firstValue("x-broker-cache"))
                        .contains("miss");
            }
            tg.gateway.ledger().flush(Duration.ofSeconds(5));
            long shadows = tg.gateway.database().with(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ledger WHERE cache_outcome = 'shadow'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(shadows).isPositive();
        }
    }
}
