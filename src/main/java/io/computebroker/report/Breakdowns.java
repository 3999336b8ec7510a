package io.computebroker.report;

import io.computebroker.store.Database;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * The dashboard's views of the ledger, beside {@link Reports}: spend over time by one dimension, the
 * route mix by task class, cache outcomes, and the most recent decisions. Same window rules as reports
 * (rows created in [since, until), optionally one tenant); money is summed in SQL as exact nano-USD.
 */
public final class Breakdowns {
    /** Bucket widths to choose from, so axes read naturally (10 s … 1 day). */
    static final long[] STEPS_MS = {10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000};
    static final int TARGET_BUCKETS = 60;
    /** More series than this are summed into one "other" series: a stacked chart stays readable. */
    static final int MAX_SERIES = 7;
    public static final String OTHER = "other";
    public static final String NONE = "(none)";

    private final Database db;

    public Breakdowns(Database db) { this.db = db; }

    /** One series: per-bucket sums, aligned with {@link TimeSeries#bucketStarts}. */
    public record Series(String group, long[] requests, BigDecimal[] costUsd, BigDecimal[] baselineUsd, BigDecimal[] cacheSavingsUsd) {
        BigDecimal totalCost() { return sum(costUsd); }

        long totalRequests() { long n = 0; for (long r : requests) n += r; return n; }
    }

    public record TimeSeries(ReportQuery query, long stepMs, List<Instant> bucketStarts, List<Series> series, Series total) {}

    /** The smallest natural step that gives at most about {@value #TARGET_BUCKETS} buckets over the window. */
    public static long autoStep(Instant since, Instant until) {
        long span = Duration.between(since, until).toMillis();
        for (long s : STEPS_MS) if (span / s <= TARGET_BUCKETS) return s;
        return STEPS_MS[STEPS_MS.length - 1];
    }

    /** Spend, baseline, requests and cache savings per time bucket, one series per group (largest first). */
    public TimeSeries timeSeries(ReportQuery q, long stepMs) {
        if (q.groupBy() == GroupBy.DAY) throw new IllegalArgumentException("a time series is already by time: group by tenant, key, feature, model, provider or task");
        if (stepMs < 1000) throw new IllegalArgumentException("step must be at least 1 s");
        long since = q.since().toEpochMilli();
        int buckets = (int) Math.min(10_000, (q.until().toEpochMilli() - since + stepMs - 1) / stepMs);
        if (buckets >= 10_000) throw new IllegalArgumentException("step is too small for the window (over 10,000 buckets)");
        String sql = "SELECT (created_at - ?) / ?, " + q.groupBy().sql + ", COUNT(*), SUM(cost_nusd), SUM(baseline_nusd),"
                + " SUM(CASE WHEN " + Reports.CACHE_HIT + " THEN baseline_nusd - cost_nusd ELSE 0 END)"
                + " FROM ledger WHERE " + window(q) + " GROUP BY 1, 2"; // ordinals: PostgreSQL does not match a parameterised expression to itself
        Map<String, Series> byGroup = new LinkedHashMap<>();
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, since);
                ps.setLong(2, stepMs);
                bindWindow(ps, q, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int b = (int) rs.getLong(1);
                        if (b < 0 || b >= buckets) continue;
                        String g = rs.getString(2);
                        Series s = byGroup.computeIfAbsent(g == null ? NONE : g, k -> empty(k, buckets));
                        s.requests()[b] += rs.getLong(3);
                        s.costUsd()[b] = s.costUsd()[b].add(Money.usd(nanos(rs, 4)));
                        s.baselineUsd()[b] = s.baselineUsd()[b].add(Money.usd(nanos(rs, 5)));
                        s.cacheSavingsUsd()[b] = s.cacheSavingsUsd()[b].add(Money.usd(nanos(rs, 6)));
                    }
                }
            }
            return null;
        });
        List<Series> ranked = new ArrayList<>(byGroup.values());
        ranked.sort(Comparator.comparing(Series::totalCost).reversed().thenComparing(Series::totalRequests, Comparator.reverseOrder())
                .thenComparing(Series::group));
        List<Series> shown = new ArrayList<>();
        Series other = null;
        Series total = empty(null, buckets);
        for (int k = 0; k < ranked.size(); k++) {
            Series s = ranked.get(k);
            plus(total, s);
            if (k < MAX_SERIES || ranked.size() == MAX_SERIES + 1) shown.add(s);
            else plus(other == null ? (other = empty(OTHER, buckets)) : other, s);
        }
        if (other != null) shown.add(other);
        List<Instant> starts = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) starts.add(Instant.ofEpochMilli(since + b * stepMs));
        return new TimeSeries(q, stepMs, starts, shown, total);
    }

    /** Requests and spend per (task class, model, boundary): which lane each kind of work took. */
    public record RouteRow(String task, String model, String boundary, long requests, BigDecimal costUsd, BigDecimal baselineUsd) {}

    public List<RouteRow> routeMix(ReportQuery q) {
        String sql = "SELECT task, model, boundary, COUNT(*), SUM(cost_nusd), SUM(baseline_nusd) FROM ledger WHERE " + window(q)
                + " GROUP BY task, model, boundary";
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindWindow(ps, q, 1);
                List<RouteRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RouteRow(orNone(rs.getString(1)), orNone(rs.getString(2)), orNone(rs.getString(3)), rs.getLong(4),
                                Money.usd(nanos(rs, 5)), Money.usd(nanos(rs, 6))));
                    }
                }
                out.sort(Comparator.comparing(RouteRow::task).thenComparing(RouteRow::requests, Comparator.reverseOrder())
                        .thenComparing(RouteRow::model));
                return out;
            }
        });
    }

    /**
     * Requests per cache outcome as the ledger records it ({@code none}, {@code exact_hit}, {@code semantic_hit},
     * {@code shadow}), with the spend hits avoided (the replayed call's cost).
     */
    public record CacheRow(String outcome, long requests, BigDecimal savedUsd) {}

    public List<CacheRow> cacheOutcomes(ReportQuery q) {
        String sql = "SELECT cache_outcome, COUNT(*), SUM(CASE WHEN " + Reports.CACHE_HIT + " THEN baseline_nusd - cost_nusd ELSE 0 END)"
                + " FROM ledger WHERE " + window(q) + " GROUP BY cache_outcome";
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindWindow(ps, q, 1);
                List<CacheRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new CacheRow(orNone(rs.getString(1)), rs.getLong(2), Money.usd(nanos(rs, 3))));
                }
                out.sort(Comparator.comparing(CacheRow::requests).reversed().thenComparing(CacheRow::outcome));
                return out;
            }
        });
    }

    /** Input + output tokens served per provider in the window (owned throughput use is this over the hardware's rate). */
    public Map<String, Long> tokensByProvider(ReportQuery q) {
        String sql = "SELECT provider, SUM(input_tokens + output_tokens) FROM ledger WHERE " + window(q) + " AND provider IS NOT NULL"
                + " GROUP BY provider";
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindWindow(ps, q, 1);
                Map<String, Long> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            }
        });
    }

    /** One ledger row as the decisions table shows it: where it went and why, never what it said. */
    public record Recent(String requestId, Instant createdAt, String tenant, String feature, String task, String sensitivity,
                         String entityTypes, String requestedModel, String provider, String model, String boundary, String decisionId,
                         String summary, String policyVersion, String status, Integer httpStatus, boolean fallback, boolean spilled,
                         String cacheOutcome, long inputTokens, long outputTokens, BigDecimal costUsd, BigDecimal baselineUsd,
                         Long latencyMs, Long ttftMs) {}

    public List<Recent> recent(Instant since, String tenant, int limit) {
        if (limit < 1 || limit > 1000) throw new IllegalArgumentException("limit must lie within 1..1000");
        String sql = "SELECT id, created_at, tenant, feature, task, sensitivity, entity_types, requested_model, provider, model, boundary,"
                + " decision_id, decision_summary, policy_version, status, http_status, fallback, spilled, cache_outcome, input_tokens,"
                + " output_tokens, cost_nusd, baseline_nusd, latency_ms, ttft_ms FROM ledger WHERE created_at >= ?"
                + (tenant == null ? "" : " AND tenant = ?") + " ORDER BY created_at DESC, id DESC LIMIT ?";
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, since.toEpochMilli());
                if (tenant != null) ps.setString(i++, tenant);
                ps.setInt(i, limit);
                List<Recent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Integer http = rs.getObject(16) == null ? null : rs.getInt(16);
                        Long latency = rs.getObject(24) == null ? null : rs.getLong(24);
                        Long ttft = rs.getObject(25) == null ? null : rs.getLong(25);
                        out.add(new Recent(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), http,
                                rs.getInt(17) != 0, rs.getInt(18) != 0, rs.getString(19), rs.getLong(20), rs.getLong(21),
                                Money.usd(rs.getLong(22)), Money.usd(rs.getLong(23)), latency, ttft));
                    }
                }
                return out;
            }
        });
    }

    private static Series empty(String group, int n) {
        BigDecimal[] a = new BigDecimal[n], b = new BigDecimal[n], c = new BigDecimal[n];
        java.util.Arrays.fill(a, BigDecimal.ZERO);
        java.util.Arrays.fill(b, BigDecimal.ZERO);
        java.util.Arrays.fill(c, BigDecimal.ZERO);
        return new Series(group, new long[n], a, b, c);
    }

    private static void plus(Series into, Series s) {
        for (int i = 0; i < s.requests().length; i++) {
            into.requests()[i] += s.requests()[i];
            into.costUsd()[i] = into.costUsd()[i].add(s.costUsd()[i]);
            into.baselineUsd()[i] = into.baselineUsd()[i].add(s.baselineUsd()[i]);
            into.cacheSavingsUsd()[i] = into.cacheSavingsUsd()[i].add(s.cacheSavingsUsd()[i]);
        }
    }

    private static BigDecimal sum(BigDecimal[] v) {
        BigDecimal t = BigDecimal.ZERO;
        for (BigDecimal x : v) t = t.add(x);
        return t;
    }

    private static String orNone(String s) { return s == null ? NONE : s; }

    private static String window(ReportQuery q) {
        return "created_at >= ? AND created_at < ?" + (q.tenant() == null ? "" : " AND tenant = ?");
    }

    /** Binds since, until and tenant from parameter {@code i}; returns the next free index. */
    private static int bindWindow(PreparedStatement ps, ReportQuery q, int i) throws SQLException {
        ps.setLong(i++, q.since().toEpochMilli());
        ps.setLong(i++, q.until().toEpochMilli());
        if (q.tenant() != null) ps.setString(i++, q.tenant());
        return i;
    }

    private static BigDecimal nanos(ResultSet rs, int col) throws SQLException {
        BigDecimal v = rs.getBigDecimal(col);
        return v == null ? BigDecimal.ZERO : v;
    }

}
