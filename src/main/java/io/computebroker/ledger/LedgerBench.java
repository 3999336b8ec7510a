package io.computebroker.ledger;

import io.computebroker.store.Database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained ledger write rate: {@code threads} request-path writers each record a pending and a settled
 * row per request, as the pipeline does, while the writer thread applies them to the store. Reports the
 * request-path append latency and the rate at which rows land in the store (to the final flush).
 */
public final class LedgerBench {
    public record Result(long requests, double seconds, double rowsPerSecond, long appendP50Nanos, long appendP99Nanos,
                         long appendMaxNanos) {}

    private LedgerBench() {}

    public static Result run(Database db, Path dir, int requests, int threads) {
        long[] latencies = new long[requests * 2];
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        try (Ledger ledger = Ledger.open(db, dir, "bench-" + System.nanoTime(), false)) {
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    pool.submit(() -> {
                        long i;
                        while ((i = next.getAndIncrement()) < requests) {
                            String id = "bench_" + i + "_" + t0;
                            long a = System.nanoTime();
                            ledger.record(LedgerFixture.row(id, LedgerEntry.PENDING));
                            long b = System.nanoTime();
                            ledger.recordSettled(LedgerFixture.row(id, LedgerEntry.SETTLED));
                            long c = System.nanoTime();
                            latencies[(int) i * 2] = b - a;
                            latencies[(int) i * 2 + 1] = c - b;
                        }
                    });
                }
                pool.shutdown();
                pool.awaitTermination(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ledger.flush(Duration.ofMinutes(10));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(latencies);
        return new Result(requests, secs, requests / secs, latencies[latencies.length / 2],
                latencies[(int) (latencies.length * 0.99)], latencies[latencies.length - 1]);
    }

    /** A realistic settled/pending row (same width as production rows). */
    static final class LedgerFixture {
        static LedgerEntry row(String id, String state) {
            boolean settled = state.equals(LedgerEntry.SETTLED);
            long now = System.currentTimeMillis();
            return new LedgerEntry(id, now, settled ? now : null, state, "bench", "bench-tenant", "key_bench", "inbox", null,
                    "summarize", "internal", "", "pol_bench", "dec_" + id, "sim-qwen3.6-27b via auto: cheapest of 3 eligible (floor 0.80)",
                    "auto", "sim", "sim-qwen3.6-27b", "owned", "eu-west", settled ? 1 : 0,
                    settled ? "[{\"model\":\"sim-qwen3.6-27b\",\"provider\":\"sim\",\"number\":1,\"outcome\":\"ok\"}]" : null,
                    false, false, true, settled ? "ok" : null, settled ? 200 : null, null,
                    settled ? 812 : 0, 0, 0, settled ? 233 : 0, 0, false, settled ? 35_000 : 0, settled ? 9_890_000 : 0, 410_000,
                    null, settled ? 240L : null, settled ? 35L : null, "none", "ab".repeat(32), null, null);
        }
    }
}
