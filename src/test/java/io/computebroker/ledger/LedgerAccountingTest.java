package io.computebroker.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;
import io.computebroker.core.Json;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger agrees with the providers: the sum of cost_nusd equals Σ reported usage × price card, to
 * the nano-dollar, over calls in both formats, streamed and not; and a caller who hangs up mid-stream
 * is billed for what was generated.
 */
class LedgerAccountingTest {
    static TestGateway tg;

    @BeforeAll
    static void start() { tg = TestGateway.start(); }

    @AfterAll
    static void stop() { tg.close(); }

    static String body(String model, String prompt, boolean stream) {
        var o = Json.object().put("model", model).put("max_tokens", 300).put("stream", stream);
        if (stream) o.set("stream_options", Json.object().put("include_usage", true));
        o.set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", prompt)));
        return Json.write(o);
    }

    static long sumLedger(String column) {
        return tg.gateway.database().with(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COALESCE(SUM(" + column + "), 0), COUNT(*) FROM ledger WHERE tenant = 'acme'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static BigDecimal price(String model, long in, long out) {
        ModelConfig m = tg.gateway.config().models().stream().filter(x -> x.id().equals(model)).findFirst().orElseThrow();
        return Price.cost(in, m.price().input()).add(Price.cost(out, m.price().output()));
    }

    @Test
    void ledgerCostEqualsReportedUsageTimesPriceToTheNanoDollar() {
        long before = sumLedger("cost_nusd");
        BigDecimal expected = BigDecimal.ZERO;
        String[] prompts = {"Classify: refund request", "Summarise the roadmap in two lines", "Translate 'good morning' to Dutch",
                "Extract the total from: invoice 42, total 99.10 EUR", "Explain a B-tree in one paragraph"};
        for (String p : prompts) {
            for (String model : new String[]{"sim-owned", "sim-frontier"}) {
                HttpResponse<String> oa = tg.post("/v1/chat/completions", body(model, p, false), tg.openAiAuth());
                JsonNode u = Json.parse(oa.body()).get("usage");
                expected = expected.add(price(model, u.get("prompt_tokens").asLong(), u.get("completion_tokens").asLong()));

                HttpResponse<String> an = tg.post("/v1/messages", body(model, p, false), tg.anthropicAuth());
                JsonNode au = Json.parse(an.body()).get("usage");
                expected = expected.add(price(model, au.get("input_tokens").asLong(), au.get("output_tokens").asLong()));

                HttpResponse<String> st = tg.post("/v1/chat/completions", body(model, p, true), tg.openAiAuth());
                JsonNode last = null;
                for (String line : st.body().split("\n")) {
                    if (line.startsWith("data: {") && line.contains("\"usage\":{")) last = Json.parse(line.substring(6)).get("usage");
                }
                assertThat(last).as("usage chunk in " + st.body()).isNotNull();
                expected = expected.add(price(model, last.get("prompt_tokens").asLong(), last.get("completion_tokens").asLong()));
            }
        }
        assertThat(tg.gateway.ledger().flush(Duration.ofSeconds(10))).isTrue();
        long got = sumLedger("cost_nusd") - before;
        assertThat(got).isEqualTo(Nusd.of(expected)).isPositive();
        assertThat(sumLedger("baseline_nusd")).isGreaterThanOrEqualTo(sumLedger("cost_nusd"));
    }

    @Test
    void aCallerWhoHangsUpMidStreamIsBilledForWhatWasGenerated() throws Exception {
        String body = body("sim-slow", "Tell me a long story about routing", true);
        String requestId;
        try (Socket s = new Socket("127.0.0.1", tg.gateway.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tg.key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[512];
            while (got.toString().split("content").length < 4) {
                int n = in.read(buf);
                if (n < 0) break;
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            int i = got.indexOf("x-request-id: ");
            requestId = got.substring(i + 14, got.indexOf("\r\n", i));
        } // hang up with the stream half-way
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Object> row = Map.of();
        while (System.nanoTime() < deadline) {
            tg.gateway.ledger().flush(Duration.ofSeconds(2));
            row = row(requestId);
            if ("settled".equals(row.get("state"))) break;
            Thread.sleep(100);
        }
        assertThat(row).containsEntry("state", "settled").containsEntry("status", "error");
        assertThat((Long) row.get("out")).isPositive();
        assertThat((Long) row.get("cost")).isPositive();
        assertThat((String) row.get("error")).contains("caller disconnected");
    }

    static Map<String, Object> row(String id) {
        return tg.gateway.database().with(c -> {
            try (var ps = c.prepareStatement("SELECT state, status, output_tokens, cost_nusd, error FROM ledger WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) return Map.<String, Object>of();
                    return Map.<String, Object>of("state", rs.getString(1), "status", String.valueOf(rs.getString(2)),
                            "out", rs.getLong(3), "cost", rs.getLong(4), "error", String.valueOf(rs.getString(5)));
                }
            }
        });
    }
}
