package io.computebroker.budget;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the {@link SpendSource} at most once at a time per window on this node. When a window opens (a
 * new day, a restart) every request in flight needs its seed at once; without this each would run the
 * same SUM over the ledger, and a month or total window's SUM is not cheap.
 */
final class SeedLoader {
    private final SpendSource spend;
    private final ConcurrentHashMap<String, CompletableFuture<Long>> inFlight = new ConcurrentHashMap<>();

    SeedLoader(SpendSource spend) { this.spend = spend; }

    long spentNusd(String windowId, Budget budget, Instant windowStart) {
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> running = inFlight.putIfAbsent(windowId, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            long seed = spend.spentNusd(budget, windowStart);
            mine.complete(seed);
            return seed;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(windowId, mine);
        }
    }
}
