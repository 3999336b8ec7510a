package io.computebroker.report;

import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErasureTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final String[] KEPT = {"tenant", "created_at", "model", "provider", "input_tokens", "output_tokens", "cost_nusd", "baseline_nusd"};

    static void personalRow(Database db, String tenant, Instant at, long cost) {
        LedgerRow.at(at).tenant(tenant).key("key_" + tenant).feature("support").run("run-42").task("qa")
                .route("local", "m-owned", "owned", "eu").sensitivity("confidential", "email,person_name").policy("pol_1")
                .decision("m-owned: cheapest of 2 for jane@example.com").error("upstream said: jane@example.com invalid")
                .attempts("[{\"model\":\"m-owned\",\"outcome\":\"invalid_request\",\"error\":\"jane@example.com invalid\"}]")
                .tokens(100, 10, 20, 0).money(cost, cost * 3).latency(100L, 10L)
                .text("a".repeat(64), "Write to jane@example.com", "Dear Jane").insert(db);
    }

    /** Every column of the tenant's rows, ordered by id, as text (null stays null). */
    static List<List<String>> columns(Database db, String tenant, String... cols) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", cols) + " FROM ledger WHERE tenant = ? ORDER BY id")) {
                ps.setString(1, tenant);
                List<List<String>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= cols.length; i++) row.add(rs.getString(i));
                        out.add(row);
                    }
                }
                return out;
            }
        });
    }

    static List<List<String>> erasures(Database db) {
        return db.with(c -> {
            List<List<String>> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT tenant, erased_at, rows_affected, id FROM erasures ORDER BY rows_affected DESC")) {
                while (rs.next()) out.add(List.of(rs.getString(1), Long.toString(rs.getLong(2)), Long.toString(rs.getLong(3)), rs.getString(4)));
            }
            return out;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void eraseNullsPersonalFieldsKeepsTotalsAndIsRecorded(String kind) {
        try (Database db = TestStores.open(kind)) {
            Instant t = NOW.minus(Duration.ofDays(2));
            for (int i = 0; i < 3; i++) personalRow(db, "acme", t.plusSeconds(i), 1_000_000_001L + i);
            personalRow(db, "beta", t, 7);
            ReportQuery q = new ReportQuery(GroupBy.TENANT, t.minusSeconds(60), NOW, null);
            Report before = new Reports(db).report(q);
            List<List<String>> keptBefore = columns(db, "acme", KEPT);
            List<List<String>> betaBefore = columns(db, "beta", Erasure.PERSONAL);

            Erasure erasure = new Erasure(db, Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(erasure.erasable("acme")).isEqualTo(3);
            assertThat(erasure.erase("acme")).isEqualTo(3);

            assertThat(columns(db, "acme", Erasure.PERSONAL)).hasSize(3)
                    .allSatisfy(row -> assertThat(row).containsOnlyNulls());
            assertThat(columns(db, "acme", KEPT)).isEqualTo(keptBefore);
            assertThat(columns(db, "beta", Erasure.PERSONAL)).isEqualTo(betaBefore);
            assertThat(betaBefore.get(0)).doesNotContainNull();

            Report after = new Reports(db).report(q);
            assertThat(after.rows()).isEqualTo(before.rows());
            assertThat(after.total()).isEqualTo(before.total());
            assertThat(after.total().costUsd()).isEqualTo(new java.math.BigDecimal("3.000000013")); // acme 3 × ~1 USD + beta 7 nano

            // Idempotent: nothing left to change, and the repeat is recorded with 0 rows.
            assertThat(erasure.erasable("acme")).isZero();
            assertThat(erasure.erase("acme")).isZero();
            List<List<String>> log = erasures(db);
            assertThat(log).hasSize(2);
            assertThat(log.get(0).subList(0, 3)).containsExactly("acme", Long.toString(NOW.toEpochMilli()), "3");
            assertThat(log.get(1).subList(0, 3)).containsExactly("acme", Long.toString(NOW.toEpochMilli()), "0");
            assertThat(log.get(0).get(3)).isNotEqualTo(log.get(1).get(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void retentionSweepDropsOnlyOldTextOfTenantsWithRetention(String kind) {
        try (Database db = TestStores.open(kind)) {
            db.with(c -> {
                // 30 days: 30 × 86 400 000 ms overflows a 32-bit INT, which PostgreSQL would reject.
                c.createStatement().executeUpdate("INSERT INTO tenant_settings (tenant, store_text, retention_days) VALUES ('acme', 1, 30)");
                c.createStatement().executeUpdate("INSERT INTO tenant_settings (tenant, store_text, retention_days) VALUES ('beta', 1, NULL)");
                return c.createStatement().executeUpdate("INSERT INTO tenant_settings (tenant, store_text, retention_days) VALUES ('gamma', 1, 1)");
            });
            personalRow(db, "acme", NOW.minus(Duration.ofDays(31)), 1);  // past retention
            personalRow(db, "acme", NOW.minus(Duration.ofDays(29)), 2);  // within
            personalRow(db, "beta", NOW.minus(Duration.ofDays(400)), 3); // no retention set: kept
            personalRow(db, "gamma", NOW.minus(Duration.ofHours(25)), 4); // past a 1-day retention
            personalRow(db, "delta", NOW.minus(Duration.ofDays(400)), 5); // no settings row: kept

            Erasure erasure = new Erasure(db);
            assertThat(erasure.purgeText(NOW)).isEqualTo(2);
            List<List<String>> acme = columns(db, "acme", "prompt_text", "completion_text", "prompt_hash", "key_id", "created_at");
            acme.sort(java.util.Comparator.comparing(r -> Long.parseLong(r.get(4))));
            assertThat(acme.get(0).subList(0, 4)).containsExactly(null, null, "a".repeat(64), "key_acme");
            assertThat(acme.get(1).subList(0, 2)).containsExactly("Write to jane@example.com", "Dear Jane");
            assertThat(columns(db, "gamma", "prompt_text", "completion_text")).containsExactly(Arrays.asList(null, null));
            assertThat(columns(db, "beta", "prompt_text")).containsExactly(List.of("Write to jane@example.com"));
            assertThat(columns(db, "delta", "prompt_text")).containsExactly(List.of("Write to jane@example.com"));
            assertThat(erasure.purgeText(NOW)).isZero();
        }
    }
}
