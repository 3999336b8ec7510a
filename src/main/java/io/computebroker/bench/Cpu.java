package io.computebroker.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * CPU time spent by the gateway process and by this JVM (load generator + mock) inside a measured window.
 * On two shared cores latency and throughput say as much about the neighbours as about the gateway; CPU
 * per call is the gateway's own cost, whatever else runs.
 */
final class Cpu {
    private Cpu() {}

    /** CPU milliseconds in the window: this JVM's, and the gateway's (0 without a gateway or /proc). */
    record Window(double selfMs, double gatewayMs, double seconds) {
        double selfUsPer(long n) { return n == 0 ? 0 : selfMs * 1000 / n; }

        double gatewayUsPer(long n) { return n == 0 ? 0 : gatewayMs * 1000 / n; }

        double gatewayCores() { return seconds == 0 ? 0 : gatewayMs / 1000 / seconds; }

        double selfCores() { return seconds == 0 ? 0 : selfMs / 1000 / seconds; }
    }

    /** Reads both clocks at {@code fromNanos} and {@code toNanos} (System.nanoTime) on a thread of its own. */
    static CompletableFuture<Window> window(long fromNanos, long toNanos, GatewayProcess gateway) {
        CompletableFuture<Window> out = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("cpu-window").start(() -> {
            MockUpstream.parkUntil(fromNanos);
            double s0 = selfMs(), g0 = gatewayMs(gateway);
            long t0 = System.nanoTime();
            MockUpstream.parkUntil(toNanos);
            out.complete(new Window(selfMs() - s0, gatewayMs(gateway) - g0, (System.nanoTime() - t0) / 1e9));
        });
        return out;
    }

    static double selfMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    }

    /** utime + stime of the process from /proc/PID/stat, in ms (Linux clock ticks are 10 ms). */
    static double gatewayMs(GatewayProcess g) {
        if (g == null) return 0;
        try {
            String stat = Files.readString(Path.of("/proc/" + g.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
