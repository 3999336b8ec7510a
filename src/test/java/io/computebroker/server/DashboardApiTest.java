package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.Scope;
import io.computebroker.budget.TimeWindow;
import io.computebroker.core.Json;
import io.computebroker.identify.KeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin JSON the dashboard reads, and /ui itself, on a gateway that has served a few calls. */
class DashboardApiTest {
    static TestGateway tg;
    static Map<String, String> admin;

    @BeforeAll
    static void traffic() {
        tg = TestGateway.start();
        admin = Map.of("authorization", "Bearer " + tg.gateway.keys().create("ops", "dash",
                new KeyStore.KeyProfile(null, null, null, null, null, true)).secret());
        tg.gateway.budgets().create(new BudgetSpec("acme", Scope.TENANT, "acme", TimeWindow.DAY, 1_000_000_000L, 500_000_000L, BudgetAction.REJECT));
        Map<String, String> h = new HashMap<>(tg.openAiAuth());
        h.put("x-broker-task", "extract");
        h.put("x-broker-feature", "inbox");
        for (int i = 0; i < 3; i++) {
            assertThat(tg.post("/v1/chat/completions", "{\"model\":\"sim-owned\",\"messages\":[{\"role\":\"user\",\"content\":\"Extract the date " + i
                    + " from: mail jane@example.com\"}]}", h).statusCode()).isEqualTo(200);
        }
        String det = "{\"model\":\"sim-frontier\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Plan a migration\"}]}";
        assertThat(tg.post("/v1/chat/completions", det, tg.openAiAuth()).statusCode()).isEqualTo(200);
        assertThat(tg.post("/v1/chat/completions", det, tg.openAiAuth()).headers().firstValue("x-broker-cache")).contains("exact");
        tg.gateway.ledger().flush(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() { tg.close(); }

    static JsonNode json(String path) {
        HttpResponse<String> r = tg.get(path, admin);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    @Test
    void timeseriesSumsToTheLedgerPerGroup() {
        JsonNode ts = json("/admin/timeseries?since=1h&by=model&step=1m");
        assertThat(ts.get("step_seconds").asLong()).isEqualTo(60);
        assertThat(ts.get("buckets")).hasSize(60);
        Map<String, Long> requests = new HashMap<>();
        ts.get("series").forEach(s -> {
            long n = 0;
            for (JsonNode v : s.get("requests")) n += v.asLong();
            requests.put(s.get("group").asText(), n);
            assertThat(s.get("cost_usd")).hasSize(60);
        });
        assertThat(requests).containsEntry("sim-owned", 3L).containsEntry("sim-frontier", 2L);
        double total = 0;
        for (JsonNode v : ts.get("total").get("cache_savings_usd")) total += v.asDouble();
        assertThat(total).as("the exact hit saved the frontier call's cost").isPositive();
        assertThat(json("/admin/timeseries?since=15m&by=tenant").get("step_seconds").asLong()).isEqualTo(30);
    }

    @Test
    void routesCacheDecisionsBudgetsProviders() {
        JsonNode routes = json("/admin/routes?since=1h").get("rows");
        assertThat(routes.toString()).contains("\"task\":\"extract\",\"model\":\"sim-owned\",\"boundary\":\"owned\",\"requests\":3");

        JsonNode cache = json("/admin/cache?since=1h");
        assertThat(cache.get("requests").asLong()).isEqualTo(5);
        assertThat(cache.get("hits").asLong()).isEqualTo(1);
        assertThat(cache.get("hit_rate").asDouble()).isEqualTo(0.2);
        assertThat(cache.get("saved_usd").decimalValue()).isPositive();

        JsonNode decisions = json("/admin/decisions?since=1h&limit=2").get("rows");
        assertThat(decisions).hasSize(2);
        assertThat(decisions.get(0).get("model").asText()).isEqualTo("sim-frontier");
        assertThat(decisions.get(0).get("cache").asText()).isEqualTo("exact_hit");
        assertThat(decisions.get(0).get("summary").asText()).contains("sim-frontier via");
        JsonNode extract = json("/admin/decisions?since=1h&limit=50&tenant=acme").get("rows").get(4);
        assertThat(extract.get("sensitivity").asText()).isEqualTo("confidential");
        assertThat(extract.get("entity_types").asText()).isEqualTo("EMAIL");
        assertThat(extract.toString()).as("no prompt text").doesNotContain("jane@example.com", "Extract the date");

        JsonNode budget = json("/admin/budgets").get("rows").get(0);
        assertThat(budget.get("description").asText()).isEqualTo("tenant acme, day");
        assertThat(budget.get("limit_usd").decimalValue()).isEqualByComparingTo("1");
        assertThat(budget.get("spent_usd").decimalValue()).isPositive();
        assertThat(budget.get("burn_usd_per_hour").decimalValue()).isEqualByComparingTo(budget.get("spent_usd").decimalValue());
        assertThat(budget.get("utilisation").asDouble()).isBetween(0.0, 1.0);
        assertThat(budget.get("projected_usd").decimalValue()).isGreaterThanOrEqualTo(budget.get("spent_usd").decimalValue());

        JsonNode providers = json("/admin/providers?since=1h").get("rows");
        assertThat(providers.toString()).contains("\"id\":\"sim\",\"kind\":\"simulated\",\"available\":true,\"reason\":\"ok\",\"circuit\":\"closed\"");
        assertThat(providers.toString()).contains("\"id\":\"openai\"", "\"available\":false");
    }

    @Test
    void adminKeyRequiredAndBadParametersAreNamed() {
        assertThat(tg.get("/admin/timeseries", Map.of()).statusCode()).isEqualTo(401);
        assertThat(tg.get("/admin/budgets", tg.openAiAuth()).statusCode()).isEqualTo(403);
        HttpResponse<String> badStep = tg.get("/admin/timeseries?step=fortnight", admin);
        assertThat(badStep.statusCode()).isEqualTo(400);
        assertThat(badStep.body()).contains("step");
        HttpResponse<String> tooFine = tg.get("/admin/timeseries?since=30d&step=1s", admin);
        assertThat(tooFine.statusCode()).isEqualTo(400);
        assertThat(tooFine.body()).contains("10,000 buckets");
        assertThat(tg.get("/admin/timeseries?by=day", admin).body()).contains("already by time");
        assertThat(tg.get("/admin/decisions?limit=0", admin).body()).contains("limit");
        assertThat(tg.get("/admin/routes?since=yesterday", admin).body()).contains("since");
    }

    @Test
    void dashboardIsServedFromTheJarWithoutAKey() {
        HttpResponse<String> redirect = tg.get("/ui", Map.of());
        assertThat(redirect.statusCode()).isEqualTo(301);
        HttpResponse<String> page = tg.get("/ui/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("default-src 'self'");
        assertThat(page.body()).contains("<div id=\"app\">").doesNotContain("sk-cb-");
        String script = page.body().replaceAll("(?s).*src=\"(/ui/assets/[^\"]+\\.js)\".*", "$1");
        HttpResponse<String> js = tg.get(script, Map.of());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("cache-control")).contains("public, max-age=31536000, immutable");
        assertThat(js.body()).contains("/admin/timeseries");
        assertThat(tg.get("/ui/../pom.xml", Map.of()).statusCode()).isEqualTo(404);
        assertThat(tg.get("/ui/assets/nope.js", Map.of()).statusCode()).isEqualTo(404);
    }
}
