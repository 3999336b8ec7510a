package io.computebroker.report;

import io.computebroker.store.Database;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost per accepted output, p95 latency, cache hit rate, retry rate, batch eligibility and utilisation
 * (seed 004), over broker rows and imported trace records alike. A trace record says what happened
 * ({@code ledger_external}); a broker row implies it: accepted = status ok, retried = more than one
 * attempt, cache hit = a cache outcome that names a hit.
 */
public final class DerivedMetrics {
    /** Per-row expressions over {@code ledger l LEFT JOIN ledger_external x}; constants, safe to splice. */
    public static final String ACCEPTED = "COALESCE(x.accepted, CASE WHEN l.status = 'ok' THEN 1 ELSE 0 END)";
    public static final String RETRIED = "CASE WHEN COALESCE(x.retries, l.attempts - 1) > 0 THEN 1 ELSE 0 END";
    public static final String CACHE_HIT = "COALESCE(x.cache_hit, CASE WHEN LOWER(l.cache_outcome) LIKE '%hit%' THEN 1 ELSE 0 END)";
    public static final String FROM = "ledger l LEFT JOIN ledger_external x ON x.id = l.id";

    private final Database db;

    public DerivedMetrics(Database db) { this.db = db; }

    public List<DerivedRow> rows(ReportQuery q) {
        return db.inTransaction(c -> {
            if (db.kind() == Database.Kind.POSTGRES) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, LongSamples> latency = latencies(c, q);
            String g = "l." + q.groupBy().sql; // every group expression starts with its ledger column
            String sql = "SELECT " + g + ", COUNT(*), SUM(" + ACCEPTED + "), SUM(l.cost_nusd), SUM(" + RETRIED + "), SUM(" + CACHE_HIT + "),"
                    + " SUM(CASE WHEN x.batch_eligible IS NULL THEN 0 ELSE 1 END), SUM(COALESCE(x.batch_eligible, 0)),"
                    + " AVG(x.utilisation), SUM(CASE WHEN x.id IS NULL THEN 0 ELSE 1 END)"
                    + " FROM " + FROM + " WHERE " + window(q) + " GROUP BY " + g;
            List<DerivedRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, q);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String group = q.groupBy().read(rs, 1);
                        long n = rs.getLong(2), accepted = rs.getLong(3);
                        BigDecimal cost = Money.usd(rs.getBigDecimal(4));
                        long knownBatch = rs.getLong(7);
                        double util = rs.getDouble(9);
                        Double meanUtil = rs.wasNull() ? null : util;
                        LongSamples s = latency.get(group);
                        out.add(new DerivedRow(group, n, accepted, cost,
                                accepted == 0 ? null : cost.divide(BigDecimal.valueOf(accepted), 9, RoundingMode.HALF_UP),
                                s == null ? null : Percentiles.of(s).p95(), rate(accepted, n), rate(rs.getLong(6), n), rate(rs.getLong(5), n),
                                knownBatch == 0 ? null : rate(rs.getLong(8), knownBatch), meanUtil, rs.getLong(10)));
                    }
                }
            }
            out.sort(Comparator.comparing(DerivedRow::costUsd).reversed().thenComparing(DerivedRow::group, Comparator.nullsLast(Comparator.naturalOrder())));
            return out;
        });
    }

    private static Map<String, LongSamples> latencies(Connection c, ReportQuery q) throws SQLException {
        Map<String, LongSamples> out = new HashMap<>();
        String sql = "SELECT " + q.groupBy().sql + ", latency_ms FROM ledger l WHERE " + window(q) + " AND latency_ms IS NOT NULL";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(Reports.FETCH_SIZE);
            bind(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(q.groupBy().read(rs, 1), k -> new LongSamples()).add(rs.getLong(2));
            }
        }
        return out;
    }

    private static String window(ReportQuery q) {
        return "l.created_at >= ? AND l.created_at < ?" + (q.tenant() == null ? "" : " AND l.tenant = ?");
    }

    private static void bind(PreparedStatement ps, ReportQuery q) throws SQLException {
        ps.setLong(1, q.since().toEpochMilli());
        ps.setLong(2, q.until().toEpochMilli());
        if (q.tenant() != null) ps.setString(3, q.tenant());
    }

    private static double rate(long part, long whole) { return whole == 0 ? 0 : (double) part / whole; }
}
