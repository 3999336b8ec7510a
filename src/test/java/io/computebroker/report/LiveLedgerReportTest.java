package io.computebroker.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.server.Gateway;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports and audit over rows the real ledger writer produced: a gateway with the simulated fleet on
 * each store serves a few calls, and the report's tokens and cost match what the responses reported
 * (usage × price card, to the nano-dollar); the audit shows the e-mail prompt stayed owned.
 */
class LiveLedgerReportTest {
    final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void reportAndAuditAgreeWithTheCallsServed(String kind) throws Exception {
        BrokerConfig config = ConfigLoader.resource("/test-fleet.yaml");
        config = config.withServer(config.server().withDataDir(TestStores.tempDir().toString()));
        if (kind.equals("postgres")) config = config.withLedger(config.ledger().withStore(TestStores.freshPostgresUrl()));
        Instant start = Instant.now().minusSeconds(1);
        try (Gateway g = Gateway.start(config, new Secrets(Map.of(), null))) {
            String key = g.keys().create("acme", "live").secret();
            long in = 0, out = 0, costNusd = 0;
            List<String[]> calls = List.of(new String[]{"sim-owned", "Classify: refund request"},
                    new String[]{"sim-owned", "Summarise the roadmap in two lines"},
                    new String[]{"sim-frontier", "Explain a B-tree in one paragraph"},
                    new String[]{"auto", "Write to jane.doe@example.com about her invoice"});
            for (String[] c : calls) {
                JsonNode res = chat(g, key, c[0], c[1]);
                String model = res.get("model").asText();
                long pin = res.at("/usage/prompt_tokens").asLong();
                long pout = res.at("/usage/completion_tokens").asLong();
                ModelConfig m = config.models().stream().filter(x -> x.id().equals(model)).findFirst().orElseThrow();
                in += pin;
                out += pout;
                costNusd += Price.cost(pin, m.price().input()).add(Price.cost(pout, m.price().output())).movePointRight(9).longValueExact();
            }
            assertThat(g.ledger().flush(Duration.ofSeconds(10))).isTrue();
            Instant end = Instant.now().plusSeconds(1);

            Report r = new Reports(g.database()).report(new ReportQuery(GroupBy.MODEL, start, end, "acme"));
            assertThat(r.total().requests()).isEqualTo(4);
            assertThat(r.total().unsettled()).isZero();
            assertThat(r.total().errors()).isZero();
            assertThat(r.total().inputTokens()).isEqualTo(in);
            assertThat(r.total().outputTokens()).isEqualTo(out);
            assertThat(r.total().costUsd()).isEqualTo(BigDecimal.valueOf(costNusd, 9));
            assertThat(r.total().cacheSavingsUsd().signum()).isZero(); // the writer records no cache hits yet
            assertThat(r.total().latencyMs().p50()).isNotNull();
            assertThat(r.rows()).extracting(ReportRow::group).contains("sim-owned", "sim-frontier");
            assertThat(r.owned()).extracting(OwnedUsage::provider).containsExactly("sim");

            List<AuditRow> audit = new Audit(g.database()).audit(new AuditQuery(Sensitivity.CONFIDENTIAL, "acme", start, end));
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).boundary()).isEqualTo("owned");
            assertThat(audit.get(0).entityTypes()).containsIgnoringCase("email");
        }
    }

    private JsonNode chat(Gateway g, String key, String model, String prompt) throws Exception {
        var body = Json.object().put("model", model).put("max_tokens", 100);
        body.set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", prompt)));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return Json.parse(res.body());
    }
}
