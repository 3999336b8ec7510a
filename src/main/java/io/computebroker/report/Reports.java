package io.computebroker.report;

import io.computebroker.store.Database;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spend, savings, latency and reliability over the ledger, grouped by one dimension.
 *
 * <p>Counts and money are summed in SQL (BIGINT nano-USD, exact on both databases). Percentiles are
 * computed here from the group's latency values, because SQLite has no percentile function and one
 * code path for both stores is worth more than pushing it down: the values are streamed (fetch size
 * {@value #FETCH_SIZE}) into primitive arrays, about 32 bytes per row while the report runs, which is
 * fine up to a few million rows in the window; beyond that, narrow the window or add rollups.
 *
 * <p>Every row created in the window counts as a request, whatever its state: a pending row is a
 * request in flight, a recovered one was cut short by a crash and billed at its reserved worst case;
 * hiding either would under-count, so they are counted and also shown apart as {@code unsettled}.
 */
public final class Reports {
    static final int FETCH_SIZE = 10_000;
    /** A cache outcome counts as a hit when it names one ("hit", "exact_hit", "semantic-hit", …). */
    static final String CACHE_HIT = "LOWER(cache_outcome) LIKE '%hit%'";

    private final Database db;

    public Reports(Database db) { this.db = db; }

    public Report report(ReportQuery q) {
        // One transaction, so the sums and the percentiles describe the same rows even while the ledger
        // writer is inserting (PostgreSQL: one REPEATABLE READ snapshot; SQLite: one read snapshot in WAL).
        return db.inTransaction(c -> {
            if (db.kind() == Database.Kind.POSTGRES) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, Sums> sums = sums(c, q);
            Map<String, LongSamples[]> samples = new HashMap<>();
            LongSamples[] all = {new LongSamples(), new LongSamples()};
            latencies(c, q, samples, all);
            List<ReportRow> rows = new ArrayList<>();
            Sums total = Sums.ZERO;
            for (Map.Entry<String, Sums> e : sums.entrySet()) {
                LongSamples[] s = samples.get(e.getKey());
                rows.add(ReportRow.of(e.getKey(), e.getValue(), Percentiles.of(s == null ? null : s[0]),
                        Percentiles.of(s == null ? null : s[1])));
                total = total.plus(e.getValue());
            }
            rows.sort(order(q.groupBy()));
            ReportRow totals = ReportRow.of(null, total, Percentiles.of(all[0]), Percentiles.of(all[1]));
            return new Report(q, rows, totals, owned(c, q));
        });
    }

    /** Days read chronologically; every other dimension by spend, largest first. Null groups go last. */
    private static Comparator<ReportRow> order(GroupBy by) {
        Comparator<ReportRow> byGroup = Comparator.comparing(ReportRow::group, Comparator.nullsLast(Comparator.naturalOrder()));
        if (by == GroupBy.DAY) return byGroup;
        return Comparator.comparing(ReportRow::costUsd).reversed().thenComparing(ReportRow::requests, Comparator.reverseOrder())
                .thenComparing(byGroup);
    }

    private static Map<String, Sums> sums(Connection c, ReportQuery q) throws SQLException {
        String sql = "SELECT " + q.groupBy().sql + ", COUNT(*), SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state = 'settled' THEN 0 ELSE 1 END),"
                + " SUM(fallback), SUM(spilled), SUM(input_tokens), SUM(cached_input_tokens), SUM(output_tokens),"
                + " SUM(reasoning_tokens), SUM(cost_nusd), SUM(baseline_nusd),"
                + " SUM(CASE WHEN " + CACHE_HIT + " THEN baseline_nusd - cost_nusd ELSE 0 END),"
                + " SUM(CASE WHEN lane IS NOT NULL THEN sync_nusd - cost_nusd ELSE 0 END)"
                + " FROM ledger WHERE " + window(q) + " GROUP BY " + q.groupBy().sql;
        Map<String, Sums> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindWindow(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(q.groupBy().read(rs, 1), new Sums(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            nanos(rs, 11), nanos(rs, 12), nanos(rs, 13), nanos(rs, 14)));
                }
            }
        }
        return out;
    }

    private static void latencies(Connection c, ReportQuery q, Map<String, LongSamples[]> byGroup, LongSamples[] all) throws SQLException {
        String sql = "SELECT " + q.groupBy().sql + ", latency_ms, ttft_ms FROM ledger WHERE " + window(q)
                + " AND (latency_ms IS NOT NULL OR ttft_ms IS NOT NULL)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE); // PostgreSQL streams only with a fetch size inside a transaction
            bindWindow(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LongSamples[] group = byGroup.computeIfAbsent(q.groupBy().read(rs, 1), k -> new LongSamples[]{new LongSamples(), new LongSamples()});
                    for (int i = 0; i < 2; i++) {
                        long v = rs.getLong(2 + i);
                        if (rs.wasNull()) continue;
                        group[i].add(v);
                        all[i].add(v);
                    }
                }
            }
        }
    }

    private static List<OwnedUsage> owned(Connection c, ReportQuery q) throws SQLException {
        String sql = "SELECT provider, SUM(input_tokens + output_tokens) FROM ledger WHERE boundary = 'owned' AND " + window(q)
                + " GROUP BY provider ORDER BY provider";
        double seconds = (q.until().toEpochMilli() - q.since().toEpochMilli()) / 1000.0;
        List<OwnedUsage> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindWindow(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long tokens = rs.getLong(2);
                    out.add(new OwnedUsage(rs.getString(1), tokens, tokens / seconds));
                }
            }
        }
        return out;
    }

    private static String window(ReportQuery q) {
        return "created_at >= ? AND created_at < ?" + (q.tenant() == null ? "" : " AND tenant = ?");
    }

    private static void bindWindow(PreparedStatement ps, ReportQuery q) throws SQLException {
        ps.setLong(1, q.since().toEpochMilli());
        ps.setLong(2, q.until().toEpochMilli());
        if (q.tenant() != null) ps.setString(3, q.tenant());
    }

    /** A SUM of BIGINT: NUMERIC on PostgreSQL, INTEGER on SQLite; both arrive as exact BigDecimal. */
    private static BigDecimal nanos(ResultSet rs, int col) throws SQLException {
        BigDecimal v = rs.getBigDecimal(col);
        return v == null ? BigDecimal.ZERO : v;
    }
}
