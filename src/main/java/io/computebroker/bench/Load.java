package io.computebroker.bench;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator: fixed concurrency (closed loop), fixed rate (open loop on virtual threads, latency
 * measured from the intended send time so a stalled server cannot hide its queue), and a batch of
 * concurrent paced streams. One {@link WireClient} connection per worker, kept alive; streams are read
 * by one selector thread ({@link StreamLoad}).
 */
final class Load {
    private Load() {}

    /** Where to send and what: the same bytes every call. */
    record Target(String host, int port, byte[] request, boolean stream) {}

    /** What one phase measured. */
    record Outcome(Samples latency, long ok, long failed, double seconds) {
        double throughput() { return ok / seconds; }

        /** Both measured windows as one: their latencies pooled, calls and seconds added. */
        Outcome plus(Outcome other) {
            Samples both = new Samples();
            both.addAll(latency);
            both.addAll(other.latency);
            return new Outcome(both, ok + other.ok, failed + other.failed, seconds + other.seconds);
        }
    }

    /** {@code concurrency} workers send back-to-back; the first {@code warmup} is discarded. */
    static Outcome closed(Target t, int concurrency, Duration warmup, Duration measure) {
        return closed(t, concurrency, warmup, measure, Runtime.getRuntime().availableProcessors());
    }

    static Outcome closed(Target t, int concurrency, Duration warmup, Duration measure, int cores) {
        Samples latency = new Samples();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(workers(concurrency, cores))) {
            for (int i = 0; i < concurrency; i++) {
                pool.submit(() -> {
                    try (WireClient c = new WireClient(t.host(), t.port())) {
                        long now;
                        while ((now = System.nanoTime()) < end) {
                            WireClient.Result r = c.call(t.request(), now);
                            if (now < measureFrom) continue;
                            if (good(r, t)) {
                                ok.incrementAndGet();
                                latency.add(r.totalNanos());
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    }
                });
            }
        }
        return new Outcome(latency, ok.get(), failed.get(), measure.toNanos() / 1e9);
    }

    /**
     * Up to one worker per core, each is a platform thread: its blocking read sleeps in the kernel and the
     * answer wakes it directly, where a virtual thread's wake-up passes through the JDK's poller thread and
     * then a carrier, two hand-offs on the cores the gateway is being measured on (at concurrency 1 the
     * harness's CPU per call via the gateway fell from 165–201 to 92 µs). More workers than cores stay
     * virtual: fifty platform threads contend with the gateway's own threads for the two cores, and the
     * gateway side's p99 at concurrency 50 doubled (43–46 against 19–21 ms).
     */
    static ThreadFactory workers(int concurrency, int cores) {
        return concurrency <= cores ? Thread.ofPlatform().daemon().name("load-", 0).factory() : Thread.ofVirtual().name("load-", 0).factory();
    }

    /**
     * Sends at {@code rate} per second for {@code warmup + measure}, whatever the server does; each call
     * takes an idle connection or opens one. Latency counts from the intended send time.
     */
    static Outcome open(Target t, double rate, Duration warmup, Duration measure) {
        Samples latency = new Samples();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedDeque<WireClient> idle = new ConcurrentLinkedDeque<>();
        long t0 = System.nanoTime();
        long measureFrom = t0 + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long periodNanos = (long) (1e9 / rate);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long k = 0; ; k++) {
                long intended = t0 + k * periodNanos;
                if (intended >= end) break;
                MockUpstream.parkUntil(intended);
                pool.submit(() -> {
                    WireClient c = idle.pollFirst();
                    if (c == null) c = new WireClient(t.host(), t.port());
                    WireClient.Result r = c.call(t.request(), intended);
                    idle.addFirst(c);
                    if (intended < measureFrom) return;
                    if (good(r, t)) {
                        ok.incrementAndGet();
                        latency.add(r.totalNanos());
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
        }
        idle.forEach(WireClient::close);
        return new Outcome(latency, ok.get(), failed.get(), measure.toNanos() / 1e9);
    }

    /** What a batch of concurrent streams measured. */
    record StreamOutcome(Samples ttft, Samples total, Samples maxGap, int streams, int ok, int stalled, int failed, int peakConcurrent) {}

    /**
     * {@code n} streams on {@code n} connections opened beforehand; stream i starts at i × ramp / n, so
     * with a ramp shorter than one stream all {@code n} are in flight together. A stream is stalled when
     * any gap between two of its events exceeds {@code stallNanos}. One selector thread reads them all
     * ({@link StreamLoad}).
     */
    static StreamOutcome streams(Target t, int n, Duration ramp, long stallNanos) {
        return StreamLoad.run(t, n, ramp, stallNanos);
    }

    private static boolean good(WireClient.Result r, Target t) {
        return r.ok() && (!t.stream() || r.events() > 0);
    }
}
