package io.computebroker.report;

import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's ledger views over the report fixture, on SQLite and PostgreSQL, summed by hand. */
class BreakdownsTest {
    static BigDecimal usd(long nusd) { return Money.usd(nusd); }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void spendOverTimeIsBucketedExactlyPerGroup(String kind) {
        try (Database db = TestStores.open(kind)) {
            ReportFixture.insert(db);
            var q = new ReportQuery(GroupBy.MODEL, ReportFixture.SINCE, ReportFixture.UNTIL, null);
            var ts = new Breakdowns(db).timeSeries(q, Duration.ofDays(1).toMillis());
            assertThat(ts.bucketStarts()).hasSize(4).first().isEqualTo(ReportFixture.SINCE);
            Map<String, Breakdowns.Series> by = ts.series().stream().collect(Collectors.toMap(Breakdowns.Series::group, s -> s));
            // largest spend first: m-front carries the 2^53 + 1 nano-USD row
            assertThat(ts.series()).extracting(Breakdowns.Series::group).containsExactly("m-front", "m-owned", "m-mkt");
            assertThat(by.get("m-owned").costUsd()).usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(usd(0), usd(123_456_790), usd(0), usd(0));
            assertThat(by.get("m-owned").requests()).containsExactly(0, 2, 0, 0);
            assertThat(by.get("m-owned").cacheSavingsUsd()[1]).isEqualByComparingTo(usd(3_000_000_000L));
            assertThat(by.get("m-front").costUsd()[2]).isEqualByComparingTo(usd(ReportFixture.BIG));
            assertThat(by.get("m-front").requests()).containsExactly(0, 0, 2, 0);
            assertThat(by.get("m-mkt").requests()).containsExactly(0, 0, 0, 2);
            assertThat(ts.total().requests()).containsExactly(0, 2, 2, 2);
            assertThat(ts.total().baselineUsd()[3]).isEqualByComparingTo(usd(1_000_000));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void routeMixCacheOutcomesAndRecentDecisions(String kind) {
        try (Database db = TestStores.open(kind)) {
            ReportFixture.insert(db);
            Breakdowns b = new Breakdowns(db);
            var q = new ReportQuery(GroupBy.TASK, ReportFixture.SINCE, ReportFixture.UNTIL, null);
            List<Breakdowns.RouteRow> mix = b.routeMix(q);
            assertThat(mix).extracting(r -> r.task() + "/" + r.model() + "/" + r.boundary() + "=" + r.requests()).containsExactly(
                    "chat/m-mkt/marketplace=2", "classify/m-owned/owned=1", "code/m-front/frontier=1", "extract/m-owned/owned=1",
                    "reasoning/m-front/frontier=1");
            Map<String, Breakdowns.CacheRow> cache = b.cacheOutcomes(q).stream().collect(Collectors.toMap(Breakdowns.CacheRow::outcome, r -> r));
            assertThat(cache.get("hit").requests()).isEqualTo(1);
            assertThat(cache.get("hit").savedUsd()).isEqualByComparingTo(usd(3_000_000_000L));
            assertThat(cache.get("semantic_hit").savedUsd()).isEqualByComparingTo(usd(1_000_000 - 999));
            assertThat(cache.get("miss").savedUsd()).isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(cache.values().stream().mapToLong(Breakdowns.CacheRow::requests).sum()).isEqualTo(6);

            var recent = b.recent(ReportFixture.SINCE, null, 4); // newest first; the row at UNTIL is the newest
            assertThat(recent).extracting(r -> r.createdAt()).containsExactly(ReportFixture.UNTIL, ReportFixture.T0.plus(Duration.ofHours(49)),
                    ReportFixture.T0.plus(Duration.ofHours(48)), ReportFixture.T0.plus(Duration.ofHours(26)));
            assertThat(recent.get(3).costUsd()).isEqualByComparingTo(usd(ReportFixture.BIG));
            assertThat(recent.get(3).fallback()).isTrue();
            assertThat(recent.get(3).spilled()).isTrue();
            assertThat(recent.get(3).tenant()).isEqualTo("beta");
            assertThat(b.recent(ReportFixture.SINCE, "acme", 100)).allSatisfy(r -> assertThat(r.tenant()).isEqualTo("acme")).hasSize(4);
            assertThat(b.tokensByProvider(q)).containsEntry("local", 1000L + 200 + 500 + 100);
            assertThatThrownBy(() -> b.recent(ReportFixture.SINCE, null, 0)).hasMessageContaining("limit");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void moreGroupsThanFitAreSummedIntoOther(String kind) {
        try (Database db = TestStores.open(kind)) {
            for (int i = 0; i < 10; i++) {
                LedgerRow.at(ReportFixture.T0.plusSeconds(i)).tenant("t" + i).route("p", "m", "owned", "eu").money(1000L * (i + 1), 0).insert(db);
            }
            var q = new ReportQuery(GroupBy.TENANT, ReportFixture.T0, ReportFixture.T0.plusSeconds(60), null);
            var ts = new Breakdowns(db).timeSeries(q, 60_000);
            assertThat(ts.series()).hasSize(Breakdowns.MAX_SERIES + 1);
            assertThat(ts.series().getFirst().group()).isEqualTo("t9");
            assertThat(ts.series().getLast().group()).isEqualTo(Breakdowns.OTHER);
            assertThat(ts.series().getLast().costUsd()[0]).isEqualByComparingTo(usd(1000 + 2000 + 3000));
            assertThat(ts.total().costUsd()[0]).isEqualByComparingTo(usd(55_000));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void autoStepAimsForAboutSixtyBuckets(String ignored) {
        var t = ReportFixture.T0;
        assertThat(Breakdowns.autoStep(t, t.plus(Duration.ofMinutes(10)))).isEqualTo(10_000);
        assertThat(Breakdowns.autoStep(t, t.plus(Duration.ofHours(1)))).isEqualTo(60_000);
        assertThat(Breakdowns.autoStep(t, t.plus(Duration.ofHours(24)))).isEqualTo(1_800_000);
        assertThat(Breakdowns.autoStep(t, t.plus(Duration.ofDays(30)))).isEqualTo(86_400_000);
        assertThatThrownBy(() -> new Breakdowns(null).timeSeries(new ReportQuery(GroupBy.DAY, t, t.plusSeconds(5), null), 1000))
                .hasMessageContaining("already by time");
    }
}
