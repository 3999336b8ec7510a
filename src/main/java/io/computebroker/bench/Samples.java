package io.computebroker.bench;

import java.util.Arrays;

/** A growable array of nanosecond samples with exact percentiles (runs are short enough to keep them all). */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = nanos;
    }

    synchronized void addAll(Samples other) {
        long[] o;
        int n;
        synchronized (other) {
            o = other.values;
            n = other.size;
        }
        for (int i = 0; i < n; i++) add(o[i]);
    }

    synchronized int size() { return size; }

    /** p50, p90, p99 and max in milliseconds; zeros when empty. */
    synchronized Percentiles percentiles() {
        if (size == 0) return new Percentiles(0, 0, 0, 0, 0, 0);
        long[] s = Arrays.copyOf(values, size);
        Arrays.sort(s);
        double sum = 0;
        for (long v : s) sum += v;
        return new Percentiles(size, ms(at(s, 0.50)), ms(at(s, 0.90)), ms(at(s, 0.99)), ms(s[s.length - 1]), ms((long) (sum / s.length)));
    }

    /** Nearest-rank percentile. */
    private static long at(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) { return nanos / 1e6; }

    /** Latency percentiles in milliseconds. */
    record Percentiles(int count, double p50, double p90, double p99, double max, double mean) {
        /** The gateway's added latency: this (through the gateway) minus {@code direct}, percentile by percentile. */
        Percentiles minus(Percentiles direct) {
            return new Percentiles(count, p50 - direct.p50, p90 - direct.p90, p99 - direct.p99, max - direct.max, mean - direct.mean);
        }
    }
}
