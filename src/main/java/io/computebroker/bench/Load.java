package io.computebroker.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator, on virtual threads: fixed concurrency (closed loop), fixed rate (open loop, latency
 * measured from the intended send time so a stalled server cannot hide its queue), and a batch of
 * concurrent paced streams. One {@link WireClient} connection per worker, kept alive.
 */
final class Load {
    private Load() {}

    /** Where to send and what: the same bytes every call. */
    record Target(String host, int port, byte[] request, boolean stream) {}

    /** What one phase measured. */
    record Outcome(Samples latency, long ok, long failed, double seconds) {
        double throughput() { return ok / seconds; }
    }

    /** {@code concurrency} workers send back-to-back; the first {@code warmup} is discarded. */
    static Outcome closed(Target t, int concurrency, Duration warmup, Duration measure) {
        Samples latency = new Samples();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
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
     * any gap between two of its events exceeds {@code stallNanos}.
     */
    static StreamOutcome streams(Target t, int n, Duration ramp, long stallNanos) {
        List<WireClient> clients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) clients.add(new WireClient(t.host(), t.port()));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch connected = new CountDownLatch(n);
            for (WireClient c : clients) {
                pool.submit(() -> {
                    try {
                        c.connect();
                    } catch (IOException e) {
                        // the call below reconnects and counts the failure if the server still refuses
                    }
                    connected.countDown();
                });
            }
            await(connected);
        }
        Samples ttft = new Samples();
        Samples total = new Samples();
        Samples gaps = new Samples();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger stalled = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        long t0 = System.nanoTime() + 50_000_000L;
        long step = ramp.toNanos() / Math.max(1, n);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                WireClient c = clients.get(i);
                long start = t0 + i * step;
                pool.submit(() -> {
                    MockUpstream.parkUntil(start);
                    peak.accumulateAndGet(active.incrementAndGet(), Math::max);
                    WireClient.Result r = c.call(t.request());
                    active.decrementAndGet();
                    c.close();
                    if (!good(r, t)) {
                        failed.incrementAndGet();
                        return;
                    }
                    ok.incrementAndGet();
                    ttft.add(r.ttftNanos());
                    total.add(r.totalNanos());
                    gaps.add(r.maxGapNanos());
                    if (r.maxGapNanos() > stallNanos) stalled.incrementAndGet();
                });
            }
        }
        return new StreamOutcome(ttft, total, gaps, n, ok.get(), stalled.get(), failed.get(), peak.get());
    }

    private static boolean good(WireClient.Result r, Target t) {
        return r.ok() && (!t.stream() || r.events() > 0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
