package io.computebroker.cache.semantic;

import io.computebroker.classify.task.TaskClass;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One tenant's entries, oldest first, searched by exact cosine over the whole list. That is O(entries x 384)
 * per lookup, about a millisecond per few thousand entries, which is fine at the per-tenant caps this cache
 * is meant for; an ANN index (e.g. Lucene HNSW) is the upgrade path when tenants need far more.
 */
final class TenantIndex {

    record Match(CacheEntry entry, double similarity, Duration age) {}

    private final int capacity;
    private final ArrayDeque<CacheEntry> entries = new ArrayDeque<>();
    // Lookups vastly outnumber stores; a read lock lets them scan in parallel.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    TenantIndex(int capacity) {
        this.capacity = capacity;
    }

    void add(CacheEntry e) {
        lock.writeLock().lock();
        try {
            entries.addLast(e);
            while (entries.size() > capacity) entries.removeFirst();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Lets a lookup skip the embedding when nothing stored could match anyway. */
    boolean hasScope(TaskClass task, String digest, String policy) {
        lock.readLock().lock();
        try {
            for (CacheEntry e : entries) if (e.sameScope(task, digest, policy)) return true;
            return false;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The most similar live entry in scope at or above {@code threshold}; ties go to the newest. */
    Optional<Match> best(TaskClass task, String digest, String policy, float[] query, Instant now, Duration ttl,
                         double threshold) {
        lock.readLock().lock();
        try {
            CacheEntry best = null;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (CacheEntry e : entries) {
                if (!e.sameScope(task, digest, policy)) continue;
                if (age(e, now).compareTo(ttl) > 0) continue;
                double sim = cosine(query, e.vector());
                if (sim >= threshold && sim >= bestSim) {
                    best = e;
                    bestSim = sim;
                }
            }
            return best == null ? Optional.empty() : Optional.of(new Match(best, bestSim, age(best, now)));
        } finally {
            lock.readLock().unlock();
        }
    }

    int size() {
        lock.readLock().lock();
        try {
            return entries.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A clock set back makes an entry look younger than zero; count that as fresh, not as an error. */
    private static Duration age(CacheEntry e, Instant now) {
        Duration d = Duration.between(e.createdAt(), now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Full cosine rather than a dot product, so the index does not depend on the embedder normalising. */
    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
