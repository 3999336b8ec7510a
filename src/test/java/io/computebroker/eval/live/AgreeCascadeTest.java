package io.computebroker.eval.live;

import io.computebroker.core.Json;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cascade: {check: agree, models: [sim-owned, sim-no-tools]}} on the simulated fleet: two cheap
 * models that agree answer; when they differ the request escalates to the order (here only sim-frontier
 * meets the rule's floor). Every call is an attempt of the one request and paid for in its ledger row.
 */
class AgreeCascadeTest {
    static String ask(String prompt) {
        var o = Json.object().put("model", "auto").put("max_tokens", 200);
        o.set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", prompt)));
        return Json.write(o);
    }

    static Object[] row(TestGateway tg, String id) {
        tg.gateway.ledger().flush(Duration.ofSeconds(5));
        return tg.gateway.database().with(c -> {
            try (var ps = c.prepareStatement("SELECT attempts, attempts_json, fallback, cost_nusd FROM ledger WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new Object[]{rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getLong(4)};
                }
            }
        });
    }

    @Test
    void agreeingCheapModelsAnswerAndDisagreeingOnesEscalate() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            ExperimentsTest.policy(tg, "  - {name: mc-agree, match: {task: [extract]}, set: {qualityFloor: 0.9, "
                    + "cascade: {check: agree, models: [sim-owned, sim-no-tools]}}}");
            Map<String, String> h = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "extract");
            var fleet = tg.gateway.providers().fleet();

            var agreed = tg.post("/v1/chat/completions", ask("[sim:answer B] Which is a metal? A) wood B) iron"), h);
            assertThat(agreed.statusCode()).isEqualTo(200);
            assertThat(agreed.headers().firstValue("x-broker-route")).contains("sim/sim-owned");
            assertThat(Json.parse(agreed.body()).at("/choices/0/message/content").asText()).startsWith("B\n");
            Object[] a = row(tg, agreed.headers().firstValue("x-request-id").orElseThrow());
            assertThat(a[0]).isEqualTo(2);
            assertThat((String) a[1]).contains("sim-owned").contains("sim-no-tools").contains("cascade:agree").doesNotContain("sim-frontier");
            assertThat(a[2]).isEqualTo(0);
            assertThat(fleet.received()).filteredOn(r -> r.model().equals("sim-frontier")).isEmpty();
            assertThat(fleet.received()).filteredOn(r -> r.model().equals("sim-no-tools")).hasSize(1);

            var differ = tg.post("/v1/chat/completions",
                    ask("[sim:answer B] [sim:answer@sim-no-tools A] Which is a metal? A) wood B) iron"), h);
            assertThat(differ.statusCode()).isEqualTo(200);
            assertThat(differ.headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
            Object[] d = row(tg, differ.headers().firstValue("x-request-id").orElseThrow());
            assertThat(d[0]).isEqualTo(3);
            assertThat((String) d[1]).contains("escalated:agree").contains("sim-owned").contains("sim-no-tools").contains("sim-frontier");
            assertThat(d[2]).isEqualTo(1);
            // the escalated request paid for all three answers: more than the agreeing one, which paid for two cheap ones
            assertThat((Long) d[3]).isGreaterThan((Long) a[3]);
            assertThat(fleet.received()).filteredOn(r -> r.model().equals("sim-frontier")).hasSize(1);
        }
    }
}
