package io.computebroker.server;

import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.Scope;
import io.computebroker.budget.TimeWindow;
import io.computebroker.core.Json;
import io.computebroker.identify.KeyStore;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reserve stage through the real gateway: hard and soft budgets, downgrade, and per-key rate limits. */
class BudgetGateTest {
    static String body(String model, int maxTokens) {
        return Json.write(Json.object().put("model", model).put("max_tokens", maxTokens)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", "Say something"))));
    }

    @Test
    void aHardBudgetRejectsInTheCallersFormatAndASoftOneWarns() {
        try (TestGateway tg = TestGateway.start()) {
            BudgetStore budgets = tg.gateway.budgets();
            // Worst case of one sim-pricey call at max_tokens 100 is ~$0.0082; $0.02 covers two of them.
            budgets.create(new BudgetSpec("acme", Scope.TENANT, "acme", TimeWindow.DAY, 20_000_000L, 1_000L, BudgetAction.REJECT));
            HttpResponse<String> first = tg.post("/v1/chat/completions", body("sim-pricey", 100), tg.openAiAuth());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("x-broker-budget-warning")).hasValueSatisfying(v -> assertThat(v).contains("soft limit"));
            int refused = 0;
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = tg.post("/v1/messages", body("sim-pricey", 100), tg.anthropicAuth());
                if (r.statusCode() == 429) {
                    refused++;
                    var err = Json.parse(r.body());
                    assertThat(err.get("type").asText()).isEqualTo("error");
                    assertThat(err.get("error").get("type").asText()).isEqualTo("rate_limit_error");
                    assertThat(err.get("error").get("message").asText()).contains("budget exceeded").contains("acme");
                }
            }
            assertThat(refused).isPositive();
        }
    }

    @Test
    void aDowngradeBudgetNarrowsTheRouteToWhatItStillCovers() {
        try (TestGateway tg = TestGateway.start()) {
            Map<String, String> code = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "code");
            // Code needs quality 0.85: only sim-frontier meets it, so that is where the call goes...
            assertThat(tg.post("/v1/chat/completions", body("auto", 100), code).headers().firstValue("x-broker-route"))
                    .contains("sim/sim-frontier");
            tg.gateway.ledger().flush(java.time.Duration.ofSeconds(5));
            long spent = tg.gateway.database().with(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT SUM(cost_nusd) FROM ledger WHERE tenant = 'acme'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            // $0.002 left: less than a frontier call's worst case at max_tokens 100 (~$0.0026), more than sim-owned's.
            tg.gateway.budgets().create(new BudgetSpec("acme", Scope.TENANT, "acme", TimeWindow.TOTAL,
                    spent + 2_000_000L, null, BudgetAction.DOWNGRADE));
            // ...until the budget cannot cover its worst case: then the best model the budget still covers serves.
            HttpResponse<String> r = tg.post("/v1/chat/completions", body("auto", 100), code);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-broker-route")).contains("sim/sim-owned");
            assertThat(r.headers().firstValue("x-broker-budget-warning")).hasValueSatisfying(v -> assertThat(v).contains("downgraded"));
        }
    }

    @Test
    void perKeyRequestsPerMinuteAreEnforcedWithRetryAfter() {
        try (TestGateway tg = TestGateway.start()) {
            String limited = tg.gateway.keys().create("acme", "rpm", new KeyStore.KeyProfile(null, null, null, 2, null, false)).secret();
            Map<String, String> auth = Map.of("authorization", "Bearer " + limited);
            assertThat(tg.post("/v1/chat/completions", body("sim-owned", 50), auth).statusCode()).isEqualTo(200);
            assertThat(tg.post("/v1/chat/completions", body("sim-owned", 50), auth).statusCode()).isEqualTo(200);
            HttpResponse<String> third = tg.post("/v1/chat/completions", body("sim-owned", 50), auth);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("retry-after")).isPresent();
            assertThat(Json.parse(third.body()).get("error").get("code").asText()).isEqualTo("rate_limit_exceeded");
        }
    }
}
