package io.computebroker.bench;

import java.time.Duration;
import java.util.List;

/**
 * Durations and sizes of a bench run; {@code bench all} uses {@link #defaults()} (about 8 minutes with
 * a 3-minute soak), single scenarios may override them.
 *
 * @param rounds     how many times each latency scenario alternates its direct and its gateway phase, the warm-up and
 *                   measured time split evenly across them (see {@code Scenarios#alternate})
 * @param mockLoops  event loops of the mock upstream (threads; one is the cheapest in CPU, which the gateway shares)
 * @param jvmOptions extra JVM flags for the gateway process (e.g. {@code -XX:StartFlightRecording=…} to profile it)
 * @param bareRelay  measure {@link BareRelay} in the gateway's place: the floor of the gateway's HTTP stack ({@code bench floor})
 */
public record BenchOptions(Duration warmup, Duration measure, int rounds, int concurrency, double rate, int streams, int chunks, long intervalMs,
                           long stallMs, double soakMinutes, double soakRate, int coldStarts, int mockLoops, List<String> jvmOptions,
                           boolean bareRelay) {
    public static BenchOptions defaults() {
        return new BenchOptions(Duration.ofSeconds(6), Duration.ofSeconds(15), 3, 50, 200, 1000, 64, 20, 50, 3, 100, 3, 1, List.of(), false);
    }

    public BenchOptions {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
    }
}
