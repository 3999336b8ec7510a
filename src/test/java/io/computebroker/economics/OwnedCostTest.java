package io.computebroker.economics;

import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.HardwareProfile;
import io.computebroker.decide.Candidate;
import io.computebroker.decide.Decision;
import io.computebroker.decide.LatencyEstimates;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.decide.Router;
import io.computebroker.decide.RoutingFixture;
import io.computebroker.eval.live.QualityFeedback;
import io.computebroker.report.LedgerRow;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Owned utilisation measured from the ledger, the price it implies, routing on it, and the report over time. */
class OwnedCostTest {
    static final BrokerConfig CONFIG = ConfigLoaderYaml.parse("""
            providers:
              - {id: own, kind: openai-compatible, baseUrl: 'http://own', keyRequired: false,
                 hardware: {accelerator: L40S, count: 2, monthlyCostUsd: 3800, throughputTokensPerSecond: 2500}}
              - {id: mkt, kind: openai-compatible, baseUrl: 'http://mkt', keyRequired: false}
            models:
              - {id: qwen, provider: own, boundary: owned, price: {input: 0.02, output: 0.08}}
              - {id: market, provider: mkt, boundary: marketplace, price: {input: 0.6, output: 2.5}}
            """);
    static final Instant NOW = Instant.parse("2026-11-10T12:00:00Z");

    @Test
    void utilisationIsTokensOverThroughputTimesTimeAndPricesTheBox() {
        try (Database db = TestStores.sqlite()) {
            OwnedCost owned = new OwnedCost(CONFIG, db, Duration.ofHours(1));
            owned.refresh(NOW);
            assertThat(owned.utilisation("own")).isZero();
            assertThat(owned.perMillion("own")).isEqualByComparingTo("1.172840"); // idle: quoted at the 0.5 floor
            assertThat(owned.perMillion("mkt")).isNull();
            // One hour at 2,500 tokens/s is 9M tokens; serve 7.2M of them (80 %), plus rows outside the window.
            LedgerRow.at(NOW.minus(Duration.ofMinutes(30))).route("own", "qwen", "owned", "eu").tokens(5_000_000, 0, 1_000_000, 0).insert(db);
            LedgerRow.at(NOW.minus(Duration.ofMinutes(5))).route("own", "qwen", "owned", "eu").tokens(1_000_000, 500_000, 200_000, 0).insert(db);
            LedgerRow.at(NOW.minus(Duration.ofMinutes(61))).route("own", "qwen", "owned", "eu").tokens(9_000_000, 0, 0, 0).insert(db);
            LedgerRow.at(NOW.minus(Duration.ofMinutes(10))).route("mkt", "market", "marketplace", "us").tokens(9_000_000, 0, 0, 0).insert(db);
            owned.refresh(NOW);
            assertThat(owned.utilisation("own")).isCloseTo(0.8, within(1e-12));
            assertThat(owned.perMillion("own")).isEqualByComparingTo("0.733025"); // 3,800 / (6.48B x 0.8) per 1M
        }
    }

    @Test
    void routingUsesTheOwnedPriceItIsGiven() {
        RoutingFixture f = new RoutingFixture();
        Signals s = RoutingFixture.signals(TaskClass.CLASSIFY, Sensitivity.PUBLIC);
        BigDecimal[] price = {new BigDecimal("1.172840")};
        Router router = new Router(new ModelCatalog(f.config), f.providers, f.policies, f.breakers, f.capacity, new LatencyEstimates(),
                new QualityFeedback(), id -> id.equals("own") ? price[0] : null);
        Decision cheap = router.decide("auto", s, RoutingFixture.principal());
        Candidate owned = candidate(cheap, "small-owned");
        long tokens = s.promptTokens() + 300; // the fixture policy expects 300 output tokens
        assertThat(owned.expectedCostUsd()).isEqualByComparingTo(price[0].multiply(BigDecimal.valueOf(tokens)).movePointLeft(6));
        assertThat(cheap.chosen().provider()).isEqualTo("own");
        // The same box quoted at 10 % utilisation (10x the full-load price times 5) loses to the marketplace.
        price[0] = new BigDecimal("29.32");
        Decision dear = router.decide("auto", s, RoutingFixture.principal());
        assertThat(candidate(dear, "small-owned").expectedCostUsd()).isEqualByComparingTo(price[0].multiply(BigDecimal.valueOf(tokens)).movePointLeft(6));
        assertThat(dear.chosen().provider()).isNotEqualTo("own");
    }

    @Test
    void ownedReportShowsEveryBucketIdleOnesIncluded() {
        try (Database db = TestStores.sqlite()) {
            Instant day0 = Instant.parse("2026-11-01T00:00:00Z");
            // A day at 2,500 tokens/s is 216M tokens. Day 1: serve 108M (50 %).
            LedgerRow.at(day0.plus(Duration.ofHours(3))).route("own", "qwen", "owned", "eu").tokens(100_000_000, 0, 8_000_000, 0).insert(db);
            // Day 3: 216M (100 %). Day 2: idle.
            LedgerRow.at(day0.plus(Duration.ofDays(2)).plus(Duration.ofHours(1))).route("own", "qwen", "owned", "eu").tokens(200_000_000, 0, 16_000_000, 0).insert(db);
            Map<String, HardwareProfile> hw = OwnedCost.hardware(CONFIG);
            List<OwnedReport.Point> points = OwnedReport.points(db, hw, day0, day0.plus(Duration.ofDays(3)), Duration.ofDays(1));
            assertThat(points).hasSize(4);
            // A day costs 3,800 / 30 = 126.666666667.
            assertThat(points.get(0).utilisation()).isCloseTo(0.5, within(1e-12));
            assertThat(points.get(0).costUsd()).isEqualByComparingTo("126.666666667");
            assertThat(points.get(0).effectivePerMillion()).isEqualByComparingTo("1.172840");
            assertThat(points.get(0).idleUsd()).isEqualByComparingTo("63.333333334"); // half the day's cost bought idle time
            assertThat(points.get(1).tokens()).isZero();
            assertThat(points.get(1).effectivePerMillion()).isNull();
            assertThat(points.get(1).idleUsd()).isEqualByComparingTo("126.666666667");
            assertThat(points.get(2).utilisation()).isCloseTo(1.0, within(1e-12));
            assertThat(points.get(2).effectivePerMillion()).isEqualByComparingTo("0.586420");
            OwnedReport.Point total = points.get(3);
            assertThat(total.start()).isNull();
            assertThat(total.tokens()).isEqualTo(324_000_000L);
            assertThat(total.utilisation()).isCloseTo(0.5, within(1e-12));
            assertThat(total.costUsd()).isEqualByComparingTo("380");
        }
    }

    static Candidate candidate(Decision d, String model) {
        return d.candidates().stream().filter(c -> c.model().equals(model)).findFirst().orElseThrow();
    }
}
