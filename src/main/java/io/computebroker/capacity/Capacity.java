package io.computebroker.capacity;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ProviderConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-flight requests per provider against its declared {@code maxConcurrency}. Providers without a
 * limit are never saturated. "Own the baseline, burst to the cloud": a saturated owned provider makes
 * spill-able traffic move to the next candidate, and owned-only traffic wait in a bounded queue.
 */
public final class Capacity {
    private final Map<String, Slot> slots = new HashMap<>();

    public Capacity(BrokerConfig config) {
        for (ProviderConfig p : config.providers()) {
            if (p.maxConcurrency() != null) slots.put(p.id(), new Slot(p.maxConcurrency()));
        }
    }

    /** A held unit of capacity; release exactly once. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final Permit UNLIMITED = () -> { };

    private static final class Slot {
        final int max;
        final Semaphore permits;
        final AtomicInteger inFlight = new AtomicInteger();

        Slot(int max) {
            this.max = max;
            this.permits = new Semaphore(max, true);
        }

        Permit permit() {
            inFlight.incrementAndGet();
            return new Permit() {
                private boolean released;

                @Override
                public synchronized void close() {
                    if (released) return;
                    released = true;
                    inFlight.decrementAndGet();
                    permits.release();
                }
            };
        }
    }

    /** A permit now, or null when the provider is saturated. */
    public Permit tryAcquire(String providerId) {
        Slot s = slots.get(providerId);
        if (s == null) return UNLIMITED;
        return s.permits.tryAcquire() ? s.permit() : null;
    }

    /** Waits up to {@code timeout} for a permit; null on timeout. */
    public Permit acquire(String providerId, Duration timeout) {
        Slot s = slots.get(providerId);
        if (s == null) return UNLIMITED;
        try {
            return s.permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS) ? s.permit() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** In-flight share of the limit, 0 for unlimited providers. */
    public double utilisation(String providerId) {
        Slot s = slots.get(providerId);
        return s == null ? 0 : (double) s.inFlight.get() / s.max;
    }

    public boolean saturated(String providerId) {
        Slot s = slots.get(providerId);
        return s != null && s.permits.availablePermits() == 0;
    }

    public Integer limit(String providerId) {
        Slot s = slots.get(providerId);
        return s == null ? null : s.max;
    }
}
