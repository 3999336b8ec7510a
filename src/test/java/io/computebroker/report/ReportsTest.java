package io.computebroker.report;

import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.computebroker.report.ReportFixture.SINCE;
import static io.computebroker.report.ReportFixture.T0;
import static io.computebroker.report.ReportFixture.UNTIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every expected figure below was summed by hand from {@link ReportFixture}; money to the nano-dollar. */
class ReportsTest {
    static BigDecimal usd(String s) { return new BigDecimal(s); }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void byModelSumsExactlyAndOrdersBySpend(String kind) {
        try (Database db = TestStores.open(kind)) {
            ReportFixture.insert(db);
            Report r = new Reports(db).report(new ReportQuery(GroupBy.MODEL, SINCE, UNTIL, null));
            assertThat(r.rows()).extracting(ReportRow::group).containsExactly("m-front", "m-owned", "m-mkt");

            ReportRow front = r.rows().get(0);
            assertThat(front.requests()).isEqualTo(2);
            assertThat(front.errors()).isEqualTo(1);
            assertThat(front.unsettled()).isZero();
            assertThat(List.of(front.inputTokens(), front.cachedInputTokens(), front.outputTokens(), front.reasoningTokens()))
                    .containsExactly(2300L, 1000L, 900L, 600L);
            assertThat(front.costUsd()).isEqualTo(usd("9007199.254740993"));
            assertThat(front.baselineUsd()).isEqualTo(usd("9007199.254740995"));
            assertThat(front.savingsUsd()).isEqualTo(usd("0.000000002"));
            assertThat(front.savingsPercent()).isEqualTo(usd("0.00"));
            assertThat(front.cacheSavingsUsd()).isEqualTo(usd("0.000000000")); // a miss saves nothing
            assertThat(front.latencyMs()).isEqualTo(new Percentiles(2000L, 5000L, 5000L));
            assertThat(front.ttftMs()).isEqualTo(new Percentiles(400L, 400L, 400L));
            assertThat(front.errorRate()).isEqualTo(0.5);
            assertThat(front.fallbackRate()).isEqualTo(1.0);
            assertThat(front.spillRate()).isEqualTo(0.5);

            ReportRow owned = r.rows().get(1);
            assertThat(owned.requests()).isEqualTo(2);
            assertThat(owned.costUsd()).isEqualTo(usd("0.123456790"));
            assertThat(owned.baselineUsd()).isEqualTo(usd("12.876543211"));
            assertThat(owned.savingsUsd()).isEqualTo(usd("12.753086421"));
            assertThat(owned.savingsPercent()).isEqualTo(usd("99.04"));
            assertThat(owned.cacheSavingsUsd()).isEqualTo(usd("3.000000000"));
            assertThat(owned.latencyMs()).isEqualTo(new Percentiles(100L, 300L, 300L));
            assertThat(owned.ttftMs()).isEqualTo(new Percentiles(20L, 20L, 20L));
            assertThat(owned.errorRate()).isZero();

            ReportRow mkt = r.rows().get(2);
            assertThat(mkt.requests()).isEqualTo(2); // the pending row is a request too
            assertThat(mkt.unsettled()).isEqualTo(1);
            assertThat(mkt.errors()).isZero();
            assertThat(mkt.costUsd()).isEqualTo(usd("0.000000999"));
            assertThat(mkt.savingsPercent()).isEqualTo(usd("99.90"));
            assertThat(mkt.cacheSavingsUsd()).isEqualTo(usd("0.000999001"));
            assertThat(mkt.latencyMs()).isEqualTo(new Percentiles(250L, 250L, 250L));
            assertThat(mkt.spillRate()).isEqualTo(0.5);
            assertThat(mkt.fallbackRate()).isZero();

            ReportRow t = r.total();
            assertThat(t.group()).isNull();
            assertThat(t.requests()).isEqualTo(6);
            assertThat(t.errors()).isEqualTo(1);
            assertThat(t.unsettled()).isEqualTo(1);
            assertThat(List.of(t.inputTokens(), t.cachedInputTokens(), t.outputTokens(), t.reasoningTokens()))
                    .containsExactly(3850L, 1400L, 1270L, 600L);
            assertThat(t.costUsd()).isEqualTo(usd("9007199.378198782"));
            assertThat(t.baselineUsd()).isEqualTo(usd("9007212.132284206"));
            assertThat(t.savingsUsd()).isEqualTo(usd("12.754085424"));
            assertThat(t.cacheSavingsUsd()).isEqualTo(usd("3.000999001"));
            assertThat(t.latencyMs()).isEqualTo(new Percentiles(300L, 5000L, 5000L));
            assertThat(t.ttftMs()).isEqualTo(new Percentiles(50L, 400L, 400L));
            assertThat(t.errorRate()).isCloseTo(1 / 6.0, within(1e-12));
            assertThat(t.fallbackRate()).isCloseTo(2 / 6.0, within(1e-12));
            assertThat(t.spillRate()).isCloseTo(2 / 6.0, within(1e-12));

            assertThat(r.owned()).hasSize(1);
            OwnedUsage local = r.owned().get(0);
            assertThat(local.provider()).isEqualTo("local");
            assertThat(local.tokens()).isEqualTo(1800);
            assertThat(local.tokensPerSecond()).isCloseTo(1800 / (4 * 86400.0), within(1e-12));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void byDayIsChronologicalInUtcAndTenantFilterNarrows(String kind) {
        try (Database db = TestStores.open(kind)) {
            ReportFixture.insert(db);
            Reports reports = new Reports(db);
            Report days = reports.report(new ReportQuery(GroupBy.DAY, SINCE, UNTIL, null));
            assertThat(days.rows()).extracting(ReportRow::group).containsExactly("2026-11-01", "2026-11-02", "2026-11-03");
            assertThat(days.rows()).extracting(ReportRow::requests).containsExactly(2L, 2L, 2L);
            assertThat(days.rows().get(0).costUsd()).isEqualTo(usd("0.123456790"));
            assertThat(days.total().costUsd()).isEqualTo(usd("9007199.378198782"));

            Report acme = reports.report(new ReportQuery(GroupBy.MODEL, SINCE, UNTIL, "acme"));
            assertThat(acme.rows()).extracting(ReportRow::group).containsExactly("m-owned", "m-front");
            assertThat(acme.total().requests()).isEqualTo(3);
            assertThat(acme.total().costUsd()).isEqualTo(usd("0.123456790"));
            assertThat(acme.total().errors()).isEqualTo(1);

            Report features = reports.report(new ReportQuery(GroupBy.FEATURE, SINCE, UNTIL, null));
            // beta's rows carry no feature: one null group, first because it spent the most.
            assertThat(features.rows()).extracting(ReportRow::group).containsExactly(null, "chat", "code");
            assertThat(features.rows().get(0).requests()).isEqualTo(3);

            Report keys = reports.report(new ReportQuery(GroupBy.KEY, SINCE, UNTIL, "beta"));
            assertThat(keys.rows()).extracting(ReportRow::group).containsExactly("key_c", null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void percentilesAreNearestRankOverAKnownSet(String kind) {
        try (Database db = TestStores.open(kind)) {
            // 1..100 ms on model a (shuffled insert order), 1..10 ms on model b; TTFT = latency / 10.
            List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList());
            java.util.Collections.shuffle(order, new java.util.Random(7));
            for (int v : order) {
                LedgerRow.at(T0.plusSeconds(v)).route("p", "a", "owned", "eu").latency((long) v, (long) v / 10).insert(db);
            }
            for (int v = 1; v <= 10; v++) LedgerRow.at(T0.plusSeconds(v)).route("p", "b", "owned", "eu").latency((long) v, null).insert(db);
            Report r = new Reports(db).report(new ReportQuery(GroupBy.MODEL, T0, T0.plus(Duration.ofHours(1)), null));
            ReportRow a = r.rows().stream().filter(x -> "a".equals(x.group())).findFirst().orElseThrow();
            ReportRow b = r.rows().stream().filter(x -> "b".equals(x.group())).findFirst().orElseThrow();
            assertThat(a.latencyMs()).isEqualTo(new Percentiles(50L, 95L, 99L));
            assertThat(a.ttftMs()).isEqualTo(new Percentiles(5L, 9L, 9L));
            assertThat(b.latencyMs()).isEqualTo(new Percentiles(5L, 10L, 10L));
            assertThat(b.ttftMs()).isEqualTo(Percentiles.NONE);
            // 110 values: ranks ceil(55), ceil(104.5), ceil(108.9) of 1,1,2,2,…,10,10,11,…,100.
            assertThat(r.total().latencyMs()).isEqualTo(new Percentiles(45L, 95L, 99L));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void recoveredRowsAreBilledAtTheirReservationAndShownAsUnsettledNotErrors(String kind) {
        try (Database db = TestStores.open(kind)) {
            LedgerRow.at(T0).route("p", "m", "owned", "eu").tokens(10, 0, 5, 0).money(40, 90).latency(10L, 2L).insert(db);
            LedgerRow.at(T0.plusSeconds(1)).route("p", "m", "owned", "eu").recovered(2_500_000_000L).insert(db);
            Report r = new Reports(db).report(new ReportQuery(GroupBy.MODEL, T0, T0.plusSeconds(60), null));
            ReportRow m = r.rows().get(0);
            assertThat(m.requests()).isEqualTo(2);
            assertThat(m.unsettled()).isEqualTo(1);
            assertThat(m.errors()).isZero();
            assertThat(m.costUsd()).isEqualTo(usd("2.500000040"));
            assertThat(m.latencyMs()).isEqualTo(new Percentiles(10L, 10L, 10L)); // no latency recorded for the lost one
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void anEmptyWindowHasNoRowsAndZeroTotals(String kind) {
        try (Database db = TestStores.open(kind)) {
            Report r = new Reports(db).report(new ReportQuery(GroupBy.PROVIDER, Instant.EPOCH, T0, null));
            assertThat(r.rows()).isEmpty();
            assertThat(r.owned()).isEmpty();
            assertThat(r.total().requests()).isZero();
            assertThat(r.total().costUsd()).isEqualTo(usd("0.000000000"));
            assertThat(r.total().savingsPercent()).isNull();
            assertThat(r.total().latencyMs()).isEqualTo(Percentiles.NONE);
        }
    }
}
