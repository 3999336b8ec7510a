package io.computebroker.economics;

import io.computebroker.config.HardwareProfile;
import io.computebroker.store.Database;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Utilisation of each owned provider over time ({@code report --owned}): per UTC bucket, the tokens served
 * and the measured rate (tokens/s), the share of sustainable throughput that is, what the hardware cost in that time (its monthly TCO pro
 * rata), the effective price per 1M tokens that implies, and the part of the cost that bought idle time.
 * Buckets with no traffic are listed too: idle hours are the point (seed 001: "idle owned GPUs are the most
 * expensive tokens").
 */
public final class OwnedReport {
    /** One provider in one bucket ({@code start} null: the whole window). {@code effectivePerMillion} null: no tokens. */
    public record Point(String provider, Instant start, Instant end, long requests, long tokens, double tokensPerSecond, double utilisation,
                        BigDecimal costUsd, BigDecimal effectivePerMillion, BigDecimal idleUsd) {}

    private OwnedReport() {}

    public static List<Point> points(Database db, Map<String, HardwareProfile> hardware, Instant since, Instant until, Duration bucket) {
        if (hardware.isEmpty()) return List.of();
        long size = bucket.toMillis();
        if (size < 60_000) throw new IllegalArgumentException("bucket must be at least a minute");
        Map<String, long[]> counts = counts(db, hardware, since, until, size);
        List<Point> out = new ArrayList<>();
        for (Map.Entry<String, HardwareProfile> e : hardware.entrySet()) {
            String p = e.getKey();
            long totalReq = 0, totalTok = 0;
            for (long b = Math.floorDiv(since.toEpochMilli(), size); b * size < until.toEpochMilli(); b++) {
                Instant start = Instant.ofEpochMilli(Math.max(b * size, since.toEpochMilli()));
                Instant end = Instant.ofEpochMilli(Math.min((b + 1) * size, until.toEpochMilli()));
                long[] c = counts.getOrDefault(p + "\u0000" + b, new long[2]);
                totalReq += c[0];
                totalTok += c[1];
                out.add(point(p, e.getValue(), start, end, c[0], c[1]));
            }
            Point total = point(p, e.getValue(), since, until, totalReq, totalTok);
            out.add(new Point(p, null, null, total.requests(), total.tokens(), total.tokensPerSecond(), total.utilisation(), total.costUsd(),
                    total.effectivePerMillion(), total.idleUsd()));
        }
        return out;
    }

    static Point point(String provider, HardwareProfile hw, Instant start, Instant end, long requests, long tokens) {
        Duration span = Duration.between(start, end);
        double u = OwnedCost.utilisation(tokens, span, hw);
        BigDecimal cost = hw.monthlyUsd().multiply(BigDecimal.valueOf(span.toMillis()))
                .divide(BigDecimal.valueOf((long) (HardwareProfile.SECONDS_PER_MONTH * 1000)), 9, RoundingMode.HALF_UP);
        BigDecimal perM = tokens == 0 ? null : cost.multiply(BigDecimal.valueOf(1_000_000)).divide(BigDecimal.valueOf(tokens), 6, RoundingMode.HALF_UP);
        BigDecimal idle = cost.multiply(BigDecimal.valueOf(1 - u)).setScale(9, RoundingMode.HALF_UP);
        double seconds = span.toMillis() / 1000.0;
        return new Point(provider, start, end, requests, tokens, seconds <= 0 ? 0 : tokens / seconds, u, cost, perM, idle);
    }

    private static Map<String, long[]> counts(Database db, Map<String, HardwareProfile> hardware, Instant since, Instant until, long size) {
        String in = String.join(", ", java.util.Collections.nCopies(hardware.size(), "?"));
        // size is a number computed here, never caller text: safe to splice.
        String sql = "SELECT provider, created_at / " + size + ", COUNT(*), SUM(input_tokens + output_tokens) FROM ledger"
                + " WHERE provider IN (" + in + ") AND created_at >= ? AND created_at < ? GROUP BY provider, created_at / " + size;
        return db.with(c -> {
            Map<String, long[]> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String p : hardware.keySet()) ps.setString(i++, p);
                ps.setLong(i++, since.toEpochMilli());
                ps.setLong(i, until.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1) + "\u0000" + rs.getLong(2), new long[]{rs.getLong(3), rs.getLong(4)});
                }
            }
            return out;
        });
    }
}
