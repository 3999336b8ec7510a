package io.computebroker.eval.live;

import io.computebroker.core.Json;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cheap first, escalate on a failed check: one request, two attempts, both costs. */
class CascadeTest {
    static String ask(boolean json) {
        var o = Json.object().put("model", "auto").put("max_tokens", 500);
        if (json) o.set("response_format", Json.object().put("type", "json_object"));
        o.set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", "Extract the total from: invoice 7, 99 EUR")));
        return Json.write(o);
    }

    /** A streaming caller gets the checked answer as a stream: the cascade runs whole, then the served answer is replayed. */
    @Test
    void aStreamingCallerGetsTheCheckedAnswerAsAStream() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            ExperimentsTest.policy(tg, "  - {name: extract-cascade, match: {task: [extract]}, set: {cascade: {check: json}}}");
            Map<String, String> extract = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "extract");
            var plain = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(ask(false));

            var escalated = tg.post("/v1/chat/completions", Json.write(plain.put("stream", true)), extract);
            assertThat(escalated.statusCode()).isEqualTo(200);
            assertThat(escalated.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(escalated.headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
            assertThat(escalated.body()).contains("chat.completion.chunk").contains("simulated sim-frontier").endsWith("data: [DONE]\n\n")
                    .doesNotContain("simulated sim-owned");
            String id = escalated.headers().firstValue("x-request-id").orElseThrow();
            var row = ledgerRow(tg, id, "streamed");
            assertThat(row[0]).isEqualTo(2);
            assertThat((String) row[1]).contains("escalated:json");
            assertThat(row[2]).as("streamed to the caller").isEqualTo(1);
            assertThat((Long) row[3]).isPositive();
        }
    }

    @Test
    void anAnswerThatFailsTheCheckEscalatesAndOneThatPassesDoesNot() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            ExperimentsTest.policy(tg, "  - {name: extract-cascade, match: {task: [extract]}, set: {cascade: {check: json}}}");
            Map<String, String> extract = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "extract");

            var passes = tg.post("/v1/chat/completions", ask(true), extract);
            assertThat(passes.headers().firstValue("x-broker-route")).contains("sim/sim-owned");

            var escalated = tg.post("/v1/chat/completions", ask(false), extract);
            assertThat(escalated.headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
            String id = escalated.headers().firstValue("x-request-id").orElseThrow();
            var row = ledgerRow(tg, id, "fallback");
            assertThat(row[0]).isEqualTo(2);
            assertThat((String) row[1]).contains("escalated:json").contains("sim-owned").contains("sim-frontier");
            assertThat(row[2]).isEqualTo(1);
            assertThat((Long) row[3]).isPositive();
            assertThat(tg.gateway.providers().fleet().received()).filteredOn(r -> r.model().equals("sim-owned")).hasSize(2);
        }
    }

    /** The settled row's attempts, attempts_json, {@code flag} (an int column) and cost_nusd. */
    static Object[] ledgerRow(TestGateway tg, String id, String flag) {
        tg.gateway.ledger().flush(Duration.ofSeconds(5));
        return tg.gateway.database().with(c -> {
            try (var ps = c.prepareStatement("SELECT attempts, attempts_json, " + flag + ", cost_nusd FROM ledger WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new Object[]{rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getLong(4)};
                }
            }
        });
    }
}
