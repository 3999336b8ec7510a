package io.computebroker.bench;

import io.computebroker.bench.GatewayProcess.Point;
import io.computebroker.bench.Samples.Percentiles;

import java.util.ArrayList;
import java.util.List;

/** Everything one bench run measured, in the order the scenarios ran; the report and charts read it. */
final class BenchResults {
    /** A request/response scenario measured against the mock directly and through the gateway, in the same run. */
    record Latency(String name, String how, Percentiles direct, Percentiles gateway, double directRps, double gatewayRps,
                   long directFailed, long gatewayFailed, CpuPerCall cpu) {
        Percentiles added() { return gateway.minus(direct); }

        double ratio() { return directRps == 0 ? 0 : gatewayRps / directRps; }
    }

    /**
     * CPU per measured call: this JVM (load generator + mock) in the direct phase, the gateway process and
     * this JVM in the gateway phase; and the cores the gateway and (direct) this JVM kept busy.
     */
    record CpuPerCall(double directLoadUs, double gatewayUs, double viaLoadUs, double gatewayCores, double directLoadCores) {
        static final CpuPerCall NONE = new CpuPerCall(0, 0, 0, 0, 0);
    }

    /** Cores busy during each stream phase, and the gateway's CPU per forwarded event (set-up included). */
    record StreamCpu(double directLoadCores, double gatewayCores, double viaLoadCores, double gatewayUsPerEvent) {}

    /** The gateway's stop-the-world GC pauses inside a measured window (from its own GC log). */
    record Pauses(int count, double totalMs, double maxMs) {
        static Pauses of(List<GatewayProcess.Pause> pauses, double fromSeconds, double toSeconds) {
            int n = 0;
            double total = 0, max = 0;
            for (GatewayProcess.Pause p : pauses) {
                if (p.seconds() < fromSeconds || p.seconds() > toSeconds) continue;
                n++;
                total += p.ms();
                max = Math.max(max, p.ms());
            }
            return new Pauses(n, total, max);
        }
    }

    /**
     * A batch of concurrent paced streams, directly and through the gateway. {@code *MockLate}: how late the
     * mock's own timers fired in each run (its chunks leave late when the cores are short, whoever took them).
     */
    record Streams(String how, int streams, int chunks, long intervalMs, long stallMs,
                   int directPeak, int gatewayPeak, Percentiles directTtft, Percentiles gatewayTtft,
                   Percentiles directMaxGap, Percentiles gatewayMaxGap, Percentiles directTotal, Percentiles gatewayTotal,
                   int directStalled, int gatewayStalled, int directFailed, int gatewayFailed, StreamCpu cpu, Pauses gatewayPauses,
                   Percentiles directMockLate, Percentiles gatewayMockLate) {
        Percentiles addedTtft() { return gatewayTtft.minus(directTtft); }
    }

    /**
     * A long run at a fixed rate with the memory series. {@code fromSeconds} is when the soak started on
     * the series' clock (seconds since the gateway's spawn); slopes are fitted after {@code warmupSeconds}.
     */
    record Soak(double minutes, double rate, double streamRate, long ok, long failed, Percentiles latency,
                double fromSeconds, double warmupSeconds, double rssSlopeMbPerMin, double heapSlopeMbPerMin,
                double rssStartMb, double rssEndMb, double rssPeakMb) {}

    /** Spawns of {@code serve} until the first call was answered. */
    /** {@code aotCache}: the gateway started from the launcher's ahead-of-time cache (target/broker.aot). */
    record ColdStart(List<Double> firstServedMs, List<Double> listeningMs, List<Integer> printedReadyMs, boolean aotCache, boolean launcher) {
        double medianFirstServed() { return median(firstServedMs); }

        double maxFirstServed() { return firstServedMs.stream().mapToDouble(Double::doubleValue).max().orElse(0); }
    }

    final List<Latency> latency = new ArrayList<>();
    final List<Streams> streams = new ArrayList<>();
    Soak soak;
    ColdStart coldStart;
    /** The main gateway process's memory over the whole run. */
    List<Point> rss = List.of();
    List<Point> heap = List.of();
    double peakRssMb;
    /** Ledger rows the gateway settled in this run, and the calls it answered 200 (they must match). */
    long ledgerRows = -1;
    long gatewayCalls;
    final String command;
    final String machine;
    final java.time.Instant started = java.time.Instant.now();
    double minutes;
    String jvmOptions = "";
    /** The bare relay stood in the gateway's place ({@code bench floor}). */
    boolean bareRelay;
    /** How many times each latency scenario alternated its direct and gateway sides. */
    int rounds = 1;

    BenchResults(String command, String machine) {
        this.command = command;
        this.machine = machine;
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return 0;
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    /** Least-squares slope of y over x, in y-units per x-unit, of the points with x ≥ from. */
    static double slope(List<Point> points, double from) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Point p : points) {
            if (p.seconds() < from) continue;
            n++;
            sx += p.seconds();
            sy += p.mb();
            sxx += p.seconds() * p.seconds();
            sxy += p.seconds() * p.mb();
        }
        double den = n * sxx - sx * sx;
        return n < 3 || den == 0 ? 0 : (n * sxy - sx * sy) / den;
    }
}
