package io.computebroker.budget;

import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spend so far from a real ledger table, and a shared ledger seeded from it. */
class LedgerSpendTest {
    static int rows;

    static void row(Database db, Instant at, String state, String tenant, String key, String feature, String run, long costNusd) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger (id, created_at, state, tenant, key_id, feature, run_id, cost_nusd) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, "req_" + (++rows));
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, state);
                ps.setString(4, tenant);
                ps.setString(5, key);
                ps.setString(6, feature);
                ps.setString(7, run);
                ps.setLong(8, costNusd);
                return ps.executeUpdate();
            }
        });
    }

    static Budget budget(String tenant, Scope scope, String value, TimeWindow window, long limit) {
        return new Budget("bud_" + scope.wire(), tenant, scope, value, window, limit, null, BudgetAction.REJECT, Instant.EPOCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void sumsMatchingRowsFromTheWindowStartAndSeedsTheSharedLedger(String kind) {
        Instant now = Instant.now();
        Instant today = TimeWindow.DAY.span(now).start();
        try (Database db = TestStores.open(kind); TestRedis redis = new TestRedis()) {
            row(db, today.minusMillis(1), "settled", "acme", "key_a", "search", "run-1", 1_000);   // yesterday
            row(db, today, "settled", "acme", "key_a", "search", "run-1", 200);                  // first ms of today
            row(db, today.plusSeconds(60), "pending", "acme", "key_a", "chat", null, 30);
            row(db, today.plusSeconds(120), "failed", "acme", "key_b", "search", "run-2", 4);
            row(db, today.plusSeconds(180), "settled", "globex", "key_g", "search", "run-1", 50_000);
            SpendSource spend = new LedgerSpend(db);

            assertThat(spend.spentNusd(budget("acme", Scope.TENANT, "acme", TimeWindow.DAY, 0), today)).isEqualTo(234);
            assertThat(spend.spentNusd(budget("acme", Scope.KEY, "key_a", TimeWindow.DAY, 0), today)).isEqualTo(230);
            assertThat(spend.spentNusd(budget("acme", Scope.FEATURE, "search", TimeWindow.DAY, 0), today)).isEqualTo(204);
            assertThat(spend.spentNusd(budget("acme", Scope.RUN, "run-1", TimeWindow.TOTAL, 0), Instant.EPOCH)).isEqualTo(1_200);
            assertThat(spend.spentNusd(budget("acme", Scope.RUN, "run-9", TimeWindow.TOTAL, 0), Instant.EPOCH)).isZero();

            Budget tenantDay = budget("acme", Scope.TENANT, "acme", TimeWindow.DAY, 300);
            RedisBudgetLedger ledger = new RedisBudgetLedger(redis.client(), redis.prefix, spend, Duration.ofMinutes(5));
            assertThatThrownBy(() -> ledger.reserve("r1", List.of(tenantDay), 67, now)).isInstanceOf(BudgetExceededException.class);
            ledger.reserve("r2", List.of(tenantDay), 66, now);
            assertThat(ledger.counter(tenantDay, now)).contains(new BudgetCounter(234, 66));
        }
    }
}
