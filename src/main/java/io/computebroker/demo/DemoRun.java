package io.computebroker.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the demo workload with bounded concurrency on virtual threads and draws a progress bar. */
public final class DemoRun {
    public record Result(int sent, int failed, long elapsedMillis) {}

    private final DemoClient client;
    private final int requests;
    private final int concurrency;

    public DemoRun(String baseUrl, String key, int requests, int concurrency) {
        this.client = new DemoClient(baseUrl, key);
        this.requests = requests;
        this.concurrency = Math.max(1, concurrency);
    }

    public Result run(PrintStream out) {
        List<DemoWorkload.Item> items = DemoWorkload.items(requests);
        AtomicInteger done = new AtomicInteger(), failed = new AtomicInteger();
        Semaphore permits = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DemoWorkload.Item item : items) {
                permits.acquireUninterruptibly();
                pool.submit(() -> {
                    try {
                        if (client.send(item) != 200) failed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        permits.release();
                        progress(out, done.incrementAndGet(), items.size());
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println();
        return new Result(items.size(), failed.get(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static synchronized void progress(PrintStream out, int done, int total) {
        int width = 40;
        int filled = done * width / total;
        out.print("\r[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total + " prompts");
        out.flush();
    }
}
