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

    /**
     * CPU milliseconds in the window: this JVM's, the gateway's (0 without a gateway or /proc), and of
     * that the gateway's JIT compiler threads' (a measured window the JIT still works in is not steady state).
     */
    record Window(double selfMs, double gatewayMs, double jitMs, double seconds) {
        /** Both windows as one (CPU and seconds added). */
        Window plus(Window other) {
            return new Window(selfMs + other.selfMs, gatewayMs + other.gatewayMs, jitMs + other.jitMs, seconds + other.seconds);
        }

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
            double s0 = selfMs(), g0 = gatewayMs(gateway), j0 = jitMs(gateway);
            long t0 = System.nanoTime();
            MockUpstream.parkUntil(toNanos);
            out.complete(new Window(selfMs() - s0, gatewayMs(gateway) - g0, jitMs(gateway) - j0, (System.nanoTime() - t0) / 1e9));
        });
        return out;
    }

    static double selfMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    }

    /** utime + stime of the process from /proc/PID/stat, in ms (Linux clock ticks are 10 ms). */
    static double gatewayMs(GatewayProcess g) {
        return g == null ? 0 : ticksMs(Path.of("/proc/" + g.pid() + "/stat"));
    }

    /** CPU ms of the gateway's C1 and C2 compiler threads (HotSpot names them "C1/C2 CompilerThreadN"). */
    static double jitMs(GatewayProcess g) {
        if (g == null) return 0;
        double ms = 0;
        try (var tasks = Files.list(Path.of("/proc/" + g.pid() + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm;
                try {
                    comm = Files.readString(t.resolve("comm")).strip();
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) ms += ticksMs(t.resolve("stat"));
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ms;
    }

    private static double ticksMs(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
