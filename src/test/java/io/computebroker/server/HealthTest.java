package io.computebroker.server;

import io.computebroker.core.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest {
    @Test
    void healthAndReadinessNeedNoKeyAndReportProviders() {
        try (TestGateway tg = TestGateway.start()) {
            assertThat(tg.get("/health", Map.of()).statusCode()).isEqualTo(200);
            var ready = tg.get("/ready", Map.of());
            assertThat(ready.statusCode()).isEqualTo(200);
            var body = Json.parse(ready.body());
            assertThat(body.get("store").asText()).isEqualTo("ok");
            assertThat(body.get("providers").toString()).contains("\"id\":\"openai\",\"kind\":\"openai-compatible\",\"available\":false");
        }
    }

    @Test
    void anthropicClientsGetTheAnthropicModelListShape() {
        try (TestGateway tg = TestGateway.start()) {
            var r = tg.get("/v1/models", tg.anthropicAuth());
            var body = Json.parse(r.body());
            assertThat(body.get("data").get(0).get("type").asText()).isEqualTo("model");
            assertThat(body.has("has_more")).isTrue();
            assertThat(tg.get("/v1/models", Map.of()).statusCode()).isEqualTo(401);
        }
    }
}
