package io.computebroker.cli;

import io.computebroker.bench.Bench;
import io.computebroker.bench.Bench.Scenario;
import io.computebroker.bench.BenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code broker bench all|latency|streams|soak|cold-start|mock}: the gateway measured end to end, with
 * every governance feature on, against a mock upstream measured directly in the same run.
 */
final class BenchScenarioCommands {
    private BenchScenarioCommands() {}

    /** Options every scenario command shares. */
    static final class RunOptions {
        @Option(names = "--out", defaultValue = "bench-results", description = "directory for report.md and the PNG charts (default: ${DEFAULT-VALUE})")
        Path out;
        @Option(names = "--warmup-seconds", defaultValue = "6", description = "discarded before each side's measured time, split across a latency scenario's rounds; before the first "
                + "scenario the gateway is warmed up for max(this, 8 s) per request path") int warmupSeconds;
        @Option(names = "--measure-seconds", defaultValue = "15") int measureSeconds;
        @Option(names = "--rounds", defaultValue = "3", description = "each latency scenario alternates its direct and gateway phases this "
                + "many times, warm-up and measured seconds split across the rounds (default: ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--concurrency", defaultValue = "50", description = "closed-loop concurrency of the throughput scenario") int concurrency;
        @Option(names = "--rate", defaultValue = "200", description = "arrivals per second of the fixed-rate scenario") double rate;
        @Option(names = "--streams", defaultValue = "1000") int streams;
        @Option(names = "--chunks", defaultValue = "64") int chunks;
        @Option(names = "--interval-ms", defaultValue = "20") long intervalMs;
        @Option(names = "--stall-ms", defaultValue = "50", description = "a gap this much over the pacing makes a stream stalled") long stallMs;
        @Option(names = "--soak-rate", defaultValue = "100", description = "calls per second during the soak (plus a tenth as streams)") double soakRate;
        @Option(names = "--cold-starts", defaultValue = "3") int coldStarts;
        @Option(names = "--mock-loops", defaultValue = "1", description = "the mock upstream's event loops (threads; default: ${DEFAULT-VALUE}, "
                + "the cheapest in CPU on a small machine)") int mockLoops;
        @Option(names = "--gateway-opts", description = "extra JVM flags for the gateway process, space-separated "
                + "(e.g. \"-XX:StartFlightRecording=filename=gw.jfr\")") String gatewayOpts;

        BenchOptions options(double soakMinutes) { return options(soakMinutes, false); }

        BenchOptions options(double soakMinutes, boolean bareRelay) {
            List<String> jvm = gatewayOpts == null || gatewayOpts.isBlank() ? List.of() : Arrays.asList(gatewayOpts.trim().split("\\s+"));
            return new BenchOptions(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(measureSeconds), rounds, concurrency, rate, streams, chunks,
                    intervalMs, stallMs, soakMinutes, soakRate, coldStarts, mockLoops, jvm, bareRelay);
        }
    }

    private static int run(Set<Scenario> which, RunOptions o, double soakMinutes, String name) {
        return run(which, o, o.options(soakMinutes), name);
    }

    private static int run(Set<Scenario> which, RunOptions o, BenchOptions options, String name) {
        Bench.run(which, options, o.out, "./broker bench " + name);
        return 0;
    }

    /** Keeps a server of this process up until the process is killed (Ctrl-C), then closes it. */
    private static void untilKilled(AutoCloseable server) {
        try (server) {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + server + ": " + e.getMessage(), e);
        }
    }

    @Command(name = "all", mixinStandardHelpOptions = true, description = "Every scenario (cold start, latency at concurrency 1, fixed rate, "
            + "throughput, 1,000 paced streams, a shortened soak) in under 10 minutes; writes report.md and PNG charts.")
    static final class All implements java.util.concurrent.Callable<Integer> {
        @Mixin RunOptions o;
        @Option(names = "--soak-minutes", defaultValue = "3", description = "shortened so `all` fits in 10 minutes; `bench soak` runs 10") double soakMinutes;

        @Override
        public Integer call() { return run(EnumSet.allOf(Scenario.class), o, soakMinutes, "all"); }
    }

    @Command(name = "latency", mixinStandardHelpOptions = true,
            description = "Added latency at concurrency 1 (small, 4,000-token, Anthropic wire), at a fixed rate, and throughput at fixed concurrency.")
    static final class Latency implements java.util.concurrent.Callable<Integer> {
        @Mixin RunOptions o;

        @Override
        public Integer call() { return run(EnumSet.of(Scenario.LATENCY, Scenario.RATE, Scenario.THROUGHPUT), o, 0, "latency"); }
    }

    @Command(name = "streams", mixinStandardHelpOptions = true, description = "Concurrent paced streams: stalls and added time to first token.")
    static final class Streams implements java.util.concurrent.Callable<Integer> {
        @Mixin RunOptions o;

        @Override
        public Integer call() { return run(EnumSet.of(Scenario.STREAMS), o, 0, "streams"); }
    }

    @Command(name = "soak", mixinStandardHelpOptions = true, description = "A long fixed-rate run with the gateway's RSS and heap over time.")
    static final class Soak implements java.util.concurrent.Callable<Integer> {
        @Mixin RunOptions o;
        @Option(names = "--minutes", defaultValue = "10") double minutes;

        @Override
        public Integer call() { return run(EnumSet.of(Scenario.SOAK), o, minutes, "soak --minutes " + minutes); }
    }

    @Command(name = "cold-start", mixinStandardHelpOptions = true, description = "Spawn `serve` until its first answered call, a few times.")
    static final class ColdStart implements java.util.concurrent.Callable<Integer> {
        @Mixin RunOptions o;

        @Override
        public Integer call() { return run(EnumSet.of(Scenario.COLD_START), o, 0, "cold-start"); }
    }

    @Command(name = "floor", mixinStandardHelpOptions = true,
            description = "The latency, throughput and streams scenarios against a bare relay in the gateway's place: the same web server, "
                    + "settings and upstream client, bytes relayed and nothing else. What the gateway's HTTP stack costs before any governance.")
    static final class Floor implements java.util.concurrent.Callable<Integer> {
        @Mixin RunOptions o;

        @Override
        public Integer call() {
            return run(EnumSet.of(Scenario.LATENCY, Scenario.RATE, Scenario.THROUGHPUT, Scenario.STREAMS), o, o.options(0, true), "floor");
        }
    }

    @Command(name = "relay", hidden = true, description = "The bare relay `bench floor` measures, in front of a mock on this machine, until killed.")
    static final class Relay implements Runnable {
        @Option(names = "--port", defaultValue = "0") int port;
        @Option(names = "--upstream-port", required = true) int upstreamPort;

        @Override
        public void run() {
            long t0 = System.nanoTime();
            var relay = io.computebroker.bench.BareRelay.start("127.0.0.1", port, upstreamPort);
            // the line the bench waits for, as serve's
            System.out.printf("bare relay listening on http://127.0.0.1:%d (ready in %d ms)%n", relay.port(), (System.nanoTime() - t0) / 1_000_000);
            System.out.flush();
            untilKilled(relay);
        }
    }

    @Command(name = "mock", mixinStandardHelpOptions = true,
            description = "Run the bench's mock upstream alone (OpenAI /v1/chat/completions and Anthropic /v1/messages) until Ctrl-C.")
    static final class Mock implements Runnable {
        @Option(names = "--port", defaultValue = "9090") int port;
        @Option(names = "--latency-ms", defaultValue = "0") long latencyMs;
        @Option(names = "--chunks", defaultValue = "64") int chunks;
        @Option(names = "--interval-ms", defaultValue = "20") long intervalMs;
        @Option(names = "--loops", defaultValue = "1", description = "event loops (threads)") int loops;

        @Override
        public void run() {
            var mock = io.computebroker.bench.MockUpstream.start("127.0.0.1", port, loops);
            mock.profile(io.computebroker.bench.MockUpstream.Profile.FAST.withLatency(latencyMs).withPacing(chunks, intervalMs));
            System.out.printf("mock upstream on http://127.0.0.1:%d (latency %d ms, streams of %d chunks every %d ms)%n",
                    mock.port(), latencyMs, chunks, intervalMs);
            untilKilled(mock);
        }
    }
}
