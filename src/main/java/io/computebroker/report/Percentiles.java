package io.computebroker.report;

/**
 * p50/p95/p99 by the nearest-rank method (the smallest value with at least p% of values at or below
 * it), so every reported figure is a latency that really occurred. Null fields: no values.
 */
public record Percentiles(Long p50, Long p95, Long p99) {
    public static final Percentiles NONE = new Percentiles(null, null, null);

    static Percentiles of(LongSamples samples) {
        if (samples == null || samples.size() == 0) return NONE;
        long[] sorted = samples.sorted();
        return new Percentiles(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99));
    }

    static long rank(long[] sorted, int p) {
        int n = sorted.length;
        // ceil(p/100 * n) in integer arithmetic; rank 1 is the smallest value.
        int r = (int) ((p * (long) n + 99) / 100);
        return sorted[Math.max(1, r) - 1];
    }
}
