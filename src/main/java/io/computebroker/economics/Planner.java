package io.computebroker.economics;

import io.computebroker.config.HardwareProfile;
import io.computebroker.report.DerivedMetrics;
import io.computebroker.report.ReportQuery;
import io.computebroker.store.Database;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed 001's planner over the ledger: per workload (feature × task class) the monthly input / cached / output
 * tokens, sensitive share, spend and route mix, the break-even (monthly TCO / blended price per token) against
 * every self-hosting band, the posture for its volume and a recommendation; and a sensitivity table over
 * depreciation life (3-9 years) and utilisation.
 *
 * <p>Monthly figures scale what was observed to 30 days: the observed span runs from the first to the last
 * record in the window (at least a day), so a week of imported traces is not diluted by an empty month.
 */
public final class Planner {
    static final double MONTH_DAYS = 30.0;
    static final List<Integer> LIVES = List.of(3, 4, 5, 6, 7, 8, 9);
    static final List<Double> UTILISATIONS = List.of(0.10, 0.25, 0.50, 0.65, 0.85, 1.00);
    private static final String SENSITIVE = "CASE WHEN l.sensitivity IN ('confidential', 'restricted') THEN 1 ELSE 0 END";

    private final Database db;
    private final Bands bands;

    public Planner(Database db, Bands bands) {
        this.db = db;
        this.bands = bands;
    }

    public Plan plan(ReportQuery window, Map<String, HardwareProfile> owned) {
        return db.inTransaction(c -> {
            if (db.kind() == Database.Kind.POSTGRES) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, List<Workload.Route>> routes = routes(c, window);
            Map<String, long[]> latencies = latencies(c, window);
            List<Workload> workloads = new ArrayList<>();
            long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
            String sql = "SELECT l.feature, l.task, COUNT(*), SUM(l.input_tokens), SUM(l.cached_input_tokens), SUM(l.output_tokens),"
                    + " SUM(l.cost_nusd), SUM(" + SENSITIVE + "), SUM(" + DerivedMetrics.ACCEPTED + "), SUM(" + DerivedMetrics.RETRIED + "),"
                    + " SUM(" + DerivedMetrics.CACHE_HIT + "), SUM(CASE WHEN x.batch_eligible IS NULL THEN 0 ELSE 1 END),"
                    + " SUM(COALESCE(x.batch_eligible, 0)), AVG(x.utilisation), MIN(l.created_at), MAX(l.created_at)"
                    + " FROM " + DerivedMetrics.FROM + " WHERE " + where(window) + " GROUP BY l.feature, l.task";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, window);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String feature = rs.getString(1), task = rs.getString(2);
                        long n = rs.getLong(3);
                        long knownBatch = rs.getLong(12);
                        double util = rs.getDouble(14);
                        Double meanUtil = rs.wasNull() ? null : util;
                        span[0] = Math.min(span[0], rs.getLong(15));
                        span[1] = Math.max(span[1], rs.getLong(16));
                        long[] lat = latencies.get(key(feature, task));
                        workloads.add(new Workload(feature, task, n, rs.getLong(4), rs.getLong(5), rs.getLong(6), usd(rs, 7),
                                rate(rs.getLong(8), n), routes.getOrDefault(key(feature, task), List.of()),
                                lat == null ? null : p95(lat), rs.getLong(9), rate(rs.getLong(11), n), rate(rs.getLong(10), n),
                                knownBatch == 0 ? null : rate(rs.getLong(13), knownBatch), meanUtil));
                    }
                }
            }
            Instant from = workloads.isEmpty() ? window.since() : Instant.ofEpochMilli(span[0]);
            Instant to = workloads.isEmpty() ? window.until() : Instant.ofEpochMilli(span[1] + 1);
            double days = Math.max(1.0, Duration.between(from, to).toMillis() / 86_400_000.0);
            double factor = MONTH_DAYS / days;
            List<Plan.WorkloadPlan> plans = new ArrayList<>();
            for (Workload w : workloads) plans.add(plan(w, factor));
            plans.sort(Comparator.comparing(Plan.WorkloadPlan::monthlyCostUsd).reversed().thenComparing(p -> p.workload().name()));
            return new Plan(window.since(), window.until(), from, to, factor, bands, plans, owned(c, window, owned, from, to, factor),
                    sensitivity(owned));
        });
    }

    Plan.WorkloadPlan plan(Workload w, double factor) {
        BigDecimal monthlyCost = w.costUsd().multiply(BigDecimal.valueOf(factor)).setScale(6, RoundingMode.HALF_UP);
        double monthlyTokens = w.totalTokens() * factor;
        BigDecimal blended = BreakEven.blendedPerMillion(w.costUsd(), w.totalTokens());
        List<Plan.BandCase> cases = new ArrayList<>();
        for (Bands.Band b : bands.bands()) {
            BigDecimal be = BreakEven.tokensPerMonth(b.monthlyTcoUsd(), blended);
            cases.add(new Plan.BandCase(b, b.takes(w.task()), be, be == null || be.signum() == 0 ? null : monthlyTokens / be.doubleValue(),
                    monthlyCost.subtract(b.monthlyTcoUsd())));
        }
        String posture = bands.posture(monthlyTokens);
        return new Plan.WorkloadPlan(w, w.inputTokens() * factor, w.cachedTokens() * factor, w.outputTokens() * factor, monthlyCost, blended,
                posture, cases, recommend(w, monthlyTokens, monthlyCost, cases));
    }

    private Plan.Recommendation recommend(Workload w, double monthlyTokens, BigDecimal monthlyCost, List<Plan.BandCase> cases) {
        List<Plan.BandCase> capable = cases.stream().filter(Plan.BandCase::takesTask)
                .sorted(Comparator.comparing((Plan.BandCase c) -> c.band().monthlyTcoUsd())).toList();
        String task = w.task() == null ? "untagged work" : w.task();
        if (w.allOwned()) {
            return new Plan.Recommendation("already-owned", null, "Already served on owned capacity; its real cost is the hardware's"
                    + " effective price at measured utilisation (report --owned).");
        }
        if (capable.isEmpty()) {
            return new Plan.Recommendation("stay-routed", null, "Stay on routed APIs: no configured band takes " + task + ".");
        }
        for (Plan.BandCase c : capable) {
            if (c.breakEvenTokens() != null && c.monthlySavingUsd().signum() > 0) {
                return new Plan.Recommendation("self-host", c.band().id(), String.format(Locale.ROOT,
                        "Self-host on %s: breaks even at %s tokens/month, this workload runs %s (%.1fx); saves about $%s/month at current prices.",
                        c.band().name(), Units.tokens(c.breakEvenTokens().doubleValue()), Units.tokens(monthlyTokens), c.volumeRatio(),
                        Units.usd(c.monthlySavingUsd())));
            }
        }
        Plan.BandCase cheapest = capable.get(0);
        if (w.sensitiveShare() >= bands.sensitiveShareForControl()) {
            return new Plan.Recommendation("own-for-control", cheapest.band().id(), String.format(Locale.ROOT,
                    "Own it for control, not price: %.0f%% of requests are confidential or above; %s costs $%s/month against $%s on routes"
                            + " today, a control premium of $%s/month.", 100 * w.sensitiveShare(), cheapest.band().name(),
                    Units.usd(cheapest.band().monthlyTcoUsd()), Units.usd(monthlyCost), Units.usd(cheapest.monthlySavingUsd().negate())));
        }
        if (cheapest.breakEvenTokens() == null) {
            return new Plan.Recommendation("stay-routed", null, "Stay routed: its routes cost nothing per token today.");
        }
        return new Plan.Recommendation("stay-routed", null, String.format(Locale.ROOT,
                "Stay on routed APIs and marketplaces: the cheapest band that takes %s (%s) breaks even at %s tokens/month, %.1fx this volume.",
                task, cheapest.band().name(), Units.tokens(cheapest.breakEvenTokens().doubleValue()),
                cheapest.breakEvenTokens().doubleValue() / Math.max(1, monthlyTokens)));
    }

    /** Each owned provider over the observed span: utilisation, effective price, and its TCO against the baseline cost of its tokens. */
    private static List<Plan.Owned> owned(Connection c, ReportQuery q, Map<String, HardwareProfile> owned, Instant from, Instant to, double factor)
            throws SQLException {
        List<Plan.Owned> out = new ArrayList<>();
        if (owned.isEmpty()) return out;
        Map<String, long[]> tokens = new HashMap<>();
        Map<String, BigDecimal> baseline = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT l.provider, SUM(l.input_tokens + l.output_tokens), SUM(l.baseline_nusd)"
                + " FROM ledger l WHERE " + where(q) + " GROUP BY l.provider")) {
            bind(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.put(rs.getString(1), new long[]{rs.getLong(2)});
                    baseline.put(rs.getString(1), usd(rs, 3));
                }
            }
        }
        for (Map.Entry<String, HardwareProfile> e : owned.entrySet()) {
            HardwareProfile hw = e.getValue();
            long t = tokens.getOrDefault(e.getKey(), new long[1])[0];
            double monthlyTokens = t * factor;
            double u = OwnedCost.utilisation(t, Duration.between(from, to), hw);
            BigDecimal tco = hw.monthlyUsd().setScale(2, RoundingMode.HALF_UP);
            BigDecimal base = baseline.getOrDefault(e.getKey(), BigDecimal.ZERO).multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_UP);
            BigDecimal effective = monthlyTokens > 0 ? BreakEven.blendedPerMillion(hw.monthlyUsd(), monthlyTokens) : null;
            out.add(new Plan.Owned(e.getKey(), hw.accelerator() == null ? "hardware" : (hw.count() == null ? 1 : hw.count()) + "x " + hw.accelerator(),
                    monthlyTokens, u, effective, tco, base, base.subtract(tco)));
        }
        return out;
    }

    /** Depreciation life × utilisation for the seed's reference GPU and every owned hardware profile bought with capex. */
    List<Plan.Sensitivity> sensitivity(Map<String, HardwareProfile> owned) {
        List<Plan.Sensitivity> out = new ArrayList<>();
        Bands.Reference ref = bands.reference();
        if (ref != null) {
            List<List<BigDecimal>> rows = new ArrayList<>();
            for (int life : LIVES) {
                List<BigDecimal> row = new ArrayList<>();
                for (double u : UTILISATIONS) row.add(BigDecimal.valueOf(ref.usdPerMillion(life, u)).setScale(4, RoundingMode.HALF_UP));
                rows.add(row);
            }
            out.add(new Plan.Sensitivity(ref.name() == null ? "reference" : ref.name(), LIVES, UTILISATIONS, rows));
        }
        for (Map.Entry<String, HardwareProfile> e : owned.entrySet()) {
            HardwareProfile hw = e.getValue();
            if (hw.capexUsd() == null) continue; // a monthly rental has no depreciation life to vary
            List<List<BigDecimal>> rows = new ArrayList<>();
            for (int life : LIVES) {
                List<BigDecimal> row = new ArrayList<>();
                for (double u : UTILISATIONS) row.add(hw.pricePerMillionAt(life * 12, u).setScale(4, RoundingMode.HALF_UP));
                rows.add(row);
            }
            out.add(new Plan.Sensitivity(e.getKey() + " (" + (hw.accelerator() == null ? "hardware" : hw.count() + "x " + hw.accelerator()) + ")",
                    LIVES, UTILISATIONS, rows));
        }
        return out;
    }

    private static Map<String, List<Workload.Route>> routes(Connection c, ReportQuery q) throws SQLException {
        Map<String, List<Workload.Route>> out = new LinkedHashMap<>();
        String sql = "SELECT l.feature, l.task, l.model, l.boundary, COUNT(*), SUM(l.input_tokens + l.output_tokens), SUM(l.cost_nusd)"
                + " FROM ledger l WHERE " + where(q) + " GROUP BY l.feature, l.task, l.model, l.boundary";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new Workload.Route(rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6), usd(rs, 7)));
                }
            }
        }
        for (List<Workload.Route> r : out.values()) r.sort(Comparator.comparingLong(Workload.Route::requests).reversed().thenComparing(Workload.Route::model,
                Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    private static Map<String, long[]> latencies(Connection c, ReportQuery q) throws SQLException {
        Map<String, List<Long>> lists = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT l.feature, l.task, l.latency_ms FROM ledger l WHERE " + where(q)
                + " AND l.latency_ms IS NOT NULL")) {
            ps.setFetchSize(10_000);
            bind(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) lists.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>()).add(rs.getLong(3));
            }
        }
        Map<String, long[]> out = new HashMap<>();
        lists.forEach((k, v) -> out.put(k, v.stream().mapToLong(Long::longValue).sorted().toArray()));
        return out;
    }

    /** Nearest rank, like the report's percentiles: a latency that really occurred. */
    static long p95(long[] sorted) {
        int r = (int) ((95L * sorted.length + 99) / 100);
        return sorted[Math.max(1, r) - 1];
    }

    private static String key(String feature, String task) { return feature + "\u0000" + task; }

    private static String where(ReportQuery q) {
        return "l.created_at >= ? AND l.created_at < ?" + (q.tenant() == null ? "" : " AND l.tenant = ?");
    }

    private static void bind(PreparedStatement ps, ReportQuery q) throws SQLException {
        ps.setLong(1, q.since().toEpochMilli());
        ps.setLong(2, q.until().toEpochMilli());
        if (q.tenant() != null) ps.setString(3, q.tenant());
    }

    private static BigDecimal usd(ResultSet rs, int col) throws SQLException {
        BigDecimal v = rs.getBigDecimal(col);
        return (v == null ? BigDecimal.ZERO : v).movePointLeft(9);
    }

    private static double rate(long part, long whole) { return whole == 0 ? 0 : (double) part / whole; }
}
