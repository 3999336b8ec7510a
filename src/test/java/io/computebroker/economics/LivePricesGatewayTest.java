package io.computebroker.economics;

import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A price refresh reaches a running gateway: routing and billing use the new card, the ledger names its version. */
class LivePricesGatewayTest {

    @Test
    void ledgerRecordsThePriceVersionEachRequestWasBilledAt() {
        try (TestGateway tg = TestGateway.start()) {
            String before = call(tg);
            assertThat(tg.gateway.economics().priceVersion()).isEqualTo(PriceVersion.CONFIG);

            byte[] feed = """
                    {"data": [{"id": "sim-owned", "context_length": 128000, "pricing": {"prompt": "0.000001", "completion": "0.000002"}}]}
                    """.getBytes();
            PriceRefresh.Result r = PriceRefresh.run(tg.gateway.config().models(), new PriceStore(tg.gateway.database()),
                    PriceFeed.parse(feed, "inline"), "inline", "test", Instant.now());
            assertThat(r.version()).isNotNull();
            tg.gateway.economics().tick(); // what the gateway's housekeeping does every minute
            assertThat(tg.gateway.economics().priceVersion()).isEqualTo(r.version().id());
            String after = call(tg);

            assertThat(tg.gateway.ledger().flush(Duration.ofSeconds(10))).isTrue();
            Row b = row(tg, before);
            Row a = row(tg, after);
            assertThat(b.version()).isEqualTo(PriceVersion.CONFIG);
            assertThat(b.costNusd()).isEqualTo(b.input() * 20 + b.output() * 80); // 0.02 / 0.08 USD per 1M = 20 / 80 nano-USD per token
            assertThat(a.version()).isEqualTo(r.version().id());
            assertThat(a.costNusd()).isEqualTo(a.input() * 1_000 + a.output() * 2_000); // 1.00 / 2.00 USD per 1M
        }
    }

    private static String call(TestGateway tg) {
        HttpResponse<String> res = tg.post("/v1/chat/completions",
                "{\"model\":\"sim-owned\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the team in one line.\"}]}",
                tg.openAiAuth());
        assertThat(res.statusCode()).isEqualTo(200);
        return res.headers().firstValue("x-request-id").orElseThrow();
    }

    record Row(String version, long costNusd, long input, long output) {}

    private static Row row(TestGateway tg, String id) {
        return tg.gateway.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT price_version, cost_nusd, input_tokens, output_tokens FROM ledger WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("ledger row " + id).isTrue();
                    return new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
                }
            }
        });
    }
}
