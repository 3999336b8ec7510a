package io.computebroker.observe;

import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.Scope;
import io.computebroker.budget.TimeWindow;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /metrics after a known traffic mix through the real gateway: names, label sets and values for
 * requests, tokens, cost, baseline, latency histograms, cache outcomes, decisions, HTTP refusals, health
 * and budget gauges; and nothing unbounded (no request ids, no prompt text) in any label.
 */
class MetricsEndpointTest {
    static TestGateway tg;
    static String scrape;
    static final String SECRET_PROMPT = "Classify this sentence about zebra-quokka-7731 please";

    @BeforeAll
    static void traffic() {
        tg = TestGateway.start(ObserveSettings.OFF.withJvmMetrics(true));
        tg.gateway.budgets().create(new BudgetSpec("acme", Scope.TENANT, "acme", TimeWindow.MONTH, 5_000_000_000L, null, BudgetAction.REJECT));
        Map<String, String> inbox = with(tg.openAiAuth(), Map.of("x-broker-feature", "inbox", "x-broker-task", "classify"));
        // 3 OpenAI calls to the owned model, feature inbox, task classify (temperature 1: never cached)
        for (int i = 0; i < 3; i++) {
            ok(tg.post("/v1/chat/completions", "{\"model\":\"sim-owned\",\"temperature\":1,\"messages\":[{\"role\":\"user\",\"content\":\""
                    + SECRET_PROMPT + " " + i + "\"}]}", inbox));
        }
        // 1 Anthropic stream to the frontier model, task code
        ok(tg.post("/v1/messages", "{\"model\":\"sim-frontier\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"write a haiku\"}]}",
                with(tg.anthropicAuth(), Map.of("x-broker-task", "code"))));
        // the same deterministic call twice: one miss, one exact hit
        String det = "{\"model\":\"sim-owned\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"What is a ledger?\"}]}";
        Map<String, String> qa = with(tg.openAiAuth(), Map.of("x-broker-task", "qa"));
        ok(tg.post("/v1/chat/completions", det, qa));
        HttpResponse<String> hit = tg.post("/v1/chat/completions", det, qa);
        assertThat(hit.headers().firstValue("x-broker-cache")).contains("exact");
        // an upstream that keeps failing: retried, then a 502 the caller sees, settled as an error
        assertThat(tg.post("/v1/chat/completions", "{\"model\":\"sim-owned\",\"messages\":[{\"role\":\"user\",\"content\":\"[sim:500] hi\"}]}",
                with(tg.openAiAuth(), Map.of("x-broker-task", "chat"))).statusCode()).isEqualTo(502);
        // refused before routing: bad key, unknown model
        assertThat(tg.post("/v1/chat/completions", det, Map.of("authorization", "Bearer sk-cb-nope")).statusCode()).isEqualTo(401);
        assertThat(tg.post("/v1/chat/completions", det.replace("sim-owned", "no-such-model"), tg.openAiAuth()).statusCode()).isEqualTo(404);
        // The HTTP counter is bumped when an exchange ends, just after its response went out: wait for the last one.
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> m = tg.get("/metrics", Map.of());
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            scrape = m.body();
            if (scrape.contains("broker_http_requests_total{api=\"openai\",code=\"4xx\"} 2.0")) break;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @AfterAll
    static void stop() { tg.close(); }

    static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

    static void ok(HttpResponse<String> r) { assertThat(r.statusCode()).as(r.body()).isEqualTo(200); }

    /** The value of the one sample named {@code name} with exactly {@code labels} (in exposition order). */
    static double value(String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + "{" + labels + "} in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void requestsCarryTenantFeatureProviderModelTaskLabels() {
        assertThat(value("broker_requests_total",
                "boundary=\"owned\",feature=\"inbox\",model=\"sim-owned\",provider=\"sim\",status=\"ok\",task=\"classify\",tenant=\"acme\""))
                .isEqualTo(3);
        assertThat(value("broker_requests_total",
                "boundary=\"frontier\",feature=\"none\",model=\"sim-frontier\",provider=\"sim\",status=\"ok\",task=\"code\",tenant=\"acme\""))
                .isEqualTo(1);
        // the cache hit is a settled request too (served by the model it replays)
        assertThat(value("broker_requests_total",
                "boundary=\"owned\",feature=\"none\",model=\"sim-owned\",provider=\"sim\",status=\"ok\",task=\"qa\",tenant=\"acme\""))
                .isEqualTo(2);
    }

    @Test
    void tokensCostAndBaselineAreCountedPerRoute() {
        String route = "feature=\"inbox\",model=\"sim-owned\",provider=\"sim\",task=\"classify\",tenant=\"acme\"";
        assertThat(value("broker_tokens_total", route + ",type=\"input\"")).isPositive();
        assertThat(value("broker_tokens_total", route + ",type=\"output\"")).isPositive();
        double cost = value("broker_cost_usd_total", route);
        double baseline = value("broker_baseline_cost_usd_total", route);
        assertThat(cost).isPositive();
        // the baseline is the dearest frontier model (sim-frontier: 250x the owned price per output token)
        assertThat(baseline).isGreaterThan(cost * 50);
        assertThat(value("broker_savings_usd", "tenant=\"acme\"")).isPositive();
        assertThat(value("broker_cache_savings_usd_total", "kind=\"exact\",model=\"sim-owned\",tenant=\"acme\"")).isPositive();
    }

    @Test
    void latencyAndTtftHistogramsHaveOneObservationPerServedRequest() {
        assertThat(value("broker_request_duration_seconds_count", "model=\"sim-owned\",provider=\"sim\",task=\"classify\"")).isEqualTo(3);
        assertThat(value("broker_request_duration_seconds_bucket", "model=\"sim-owned\",provider=\"sim\",task=\"classify\",le=\"+Inf\""))
                .isEqualTo(3);
        assertThat(value("broker_ttft_seconds_count", "model=\"sim-frontier\",provider=\"sim\",task=\"code\"")).isEqualTo(1);
    }

    @Test
    void cacheOutcomesDecisionsAndRefusals() {
        assertThat(value("broker_cache_requests_total", "outcome=\"exact\",tenant=\"acme\"")).isEqualTo(1);
        assertThat(value("broker_cache_requests_total", "outcome=\"miss\",tenant=\"acme\"")).isEqualTo(1);
        assertThat(value("broker_cache_requests_total", "outcome=\"bypass\",tenant=\"acme\"")).isEqualTo(4);
        assertThat(value("broker_route_decisions_total",
                "boundary=\"owned\",model=\"sim-owned\",rule=\"default\",sensitivity=\"public\",task=\"classify\"")).isEqualTo(3);
        assertThat(value("broker_upstream_attempts_total", "model=\"sim-owned\",outcome=\"ok\",provider=\"sim\"")).isEqualTo(4);
        assertThat(value("broker_http_requests_total", "api=\"openai\",code=\"2xx\"")).isEqualTo(5);
        assertThat(value("broker_http_requests_total", "api=\"anthropic\",code=\"2xx\"")).isEqualTo(1);
        assertThat(value("broker_http_requests_total", "api=\"openai\",code=\"4xx\"")).isEqualTo(2);
        assertThat(value("broker_http_requests_total", "api=\"openai\",code=\"5xx\"")).isEqualTo(1);
        assertThat(value("broker_errors_total", "code=\"502\",model=\"sim-owned\",provider=\"sim\",tenant=\"acme\"")).isEqualTo(1);
        assertThat(value("broker_requests_total",
                "boundary=\"owned\",feature=\"none\",model=\"sim-owned\",provider=\"sim\",status=\"error\",task=\"chat\",tenant=\"acme\""))
                .isEqualTo(1);
        assertThat(value("broker_upstream_attempts_total", "model=\"sim-owned\",outcome=\"upstream\",provider=\"sim\"")).isEqualTo(2);
    }

    @Test
    void healthCapacityAndBudgetGauges() {
        assertThat(value("broker_provider_up", "kind=\"simulated\",provider=\"sim\"")).isEqualTo(1);
        assertThat(value("broker_provider_up", "kind=\"openai-compatible\",provider=\"openai\"")).as("no API key in tests").isZero();
        assertThat(value("broker_circuit_state", "provider=\"sim\",state=\"closed\"")).isEqualTo(1);
        assertThat(value("broker_circuit_state", "provider=\"sim\",state=\"open\"")).isZero();
        String budget = Pattern.compile("broker_budget_limit_usd\\{budget=\"(bud_[a-z0-9]+)\"").matcher(scrape).results().findFirst()
                .orElseThrow().group(1);
        String labels = "budget=\"" + budget + "\",scope=\"tenant\",target=\"acme\",tenant=\"acme\",window=\"month\"";
        assertThat(value("broker_budget_limit_usd", labels)).isEqualTo(5.0);
        assertThat(scrape).contains("# TYPE broker_budget_utilisation_ratio gauge", "# TYPE broker_budget_burn_usd_per_hour gauge");
        assertThat(scrape).contains("jvm_memory_used_bytes");
    }

    @Test
    void noUnboundedOrSecretLabelValues() {
        assertThat(scrape).doesNotContain("req_", "dec_", "zebra-quokka", "sk-cb-", tg.key);
    }
}
