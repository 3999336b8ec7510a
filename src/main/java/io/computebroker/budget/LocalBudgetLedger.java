package io.computebroker.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The budget ledger of a single node: one counter per (budget, window) in memory, seeded from the
 * {@link SpendSource} the first time the window is used. A request locks the counters of all its
 * budgets (in one global order, so two requests never wait on each other in a cycle), checks them all,
 * then holds on all. ReentrantLock rather than synchronized so virtual threads never pin a carrier.
 *
 * <p>With more than one node, use {@link RedisBudgetLedger}: these counters only see this node's requests.
 */
public final class LocalBudgetLedger implements BudgetLedger {
    /** Counters of ended windows are kept this long for requests that settle after the window closed. */
    static final Duration ENDED_WINDOW_GRACE = Duration.ofDays(1);
    private static final long PRUNE_EVERY_MS = 60_000;

    private final SeedLoader seeds;
    private final ConcurrentHashMap<CounterId, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong nextPruneMs = new AtomicLong();

    public LocalBudgetLedger(SpendSource spend) { this.seeds = new SeedLoader(spend); }

    private record CounterId(String budgetId, String windowKey) {}

    private static final Comparator<CounterId> LOCK_ORDER =
            Comparator.comparing(CounterId::budgetId).thenComparing(CounterId::windowKey);

    private static final class Counter {
        final ReentrantLock lock = new ReentrantLock();
        final Instant windowEnd;
        long spentNusd;
        long reservedNusd;

        Counter(long seedNusd, Instant windowEnd) {
            this.spentNusd = seedNusd;
            this.windowEnd = windowEnd;
        }
    }

    @Override
    public Reservation reserve(String requestId, List<Budget> budgets, long worstCaseNusd, Instant now) {
        if (worstCaseNusd < 0) throw new IllegalArgumentException("worst case must not be negative");
        prune(now);
        Map<CounterId, Budget> byId = new LinkedHashMap<>();
        Map<CounterId, Counter> found = new LinkedHashMap<>();
        for (Budget b : budgets) {
            WindowSpan span = b.window().span(now);
            CounterId id = new CounterId(b.id(), span.key());
            if (byId.putIfAbsent(id, b) == null) found.put(id, counter(id, b, span));
        }
        if (found.isEmpty()) return Reservation.none(requestId);
        List<CounterId> order = new ArrayList<>(found.keySet());
        order.sort(LOCK_ORDER);
        int locked = 0;
        try {
            for (CounterId id : order) {
                found.get(id).lock.lock();
                locked++;
            }
            for (Map.Entry<CounterId, Counter> e : found.entrySet()) {
                Budget b = byId.get(e.getKey());
                Counter c = e.getValue();
                if (c.spentNusd + c.reservedNusd + worstCaseNusd > b.limitNusd())
                    throw new BudgetExceededException(b, c.spentNusd, c.reservedNusd, b.limitNusd());
            }
            List<Hold> holds = new ArrayList<>(found.size());
            List<Budget> soft = new ArrayList<>();
            for (Map.Entry<CounterId, Counter> e : found.entrySet()) {
                Budget b = byId.get(e.getKey());
                Counter c = e.getValue();
                c.reservedNusd += worstCaseNusd;
                holds.add(new Hold(b, e.getKey().windowKey(), worstCaseNusd));
                if (b.softNusd() != null && c.spentNusd + c.reservedNusd > b.softNusd()) soft.add(b);
            }
            return new Reservation(requestId, holds, soft);
        } finally {
            for (int i = locked - 1; i >= 0; i--) found.get(order.get(i)).lock.unlock();
        }
    }

    /** The window's counter, seeded outside any lock (it may query the store); the first seed stored wins. */
    private Counter counter(CounterId id, Budget b, WindowSpan span) {
        Counter c = counters.get(id);
        if (c != null) return c;
        Counter seeded = new Counter(seeds.spentNusd(b.id() + ":" + span.key(), b, span.start()), span.end());
        Counter raced = counters.putIfAbsent(id, seeded);
        return raced != null ? raced : seeded;
    }

    @Override
    public void settle(Reservation reservation, long actualNusd) {
        if (actualNusd < 0) throw new IllegalArgumentException("actual cost must not be negative");
        for (Hold h : reservation.holds()) {
            Counter c = counters.get(new CounterId(h.budget().id(), h.windowKey()));
            if (c == null) continue; // window pruned long after it ended: the ledger has the spend
            c.lock.lock();
            try {
                c.reservedNusd -= h.heldNusd();
                c.spentNusd += actualNusd;
            } finally {
                c.lock.unlock();
            }
        }
    }

    @Override
    public Optional<BudgetCounter> counter(Budget budget, Instant now) {
        Counter c = counters.get(new CounterId(budget.id(), budget.window().span(now).key()));
        if (c == null) return Optional.empty();
        c.lock.lock();
        try {
            return Optional.of(new BudgetCounter(c.spentNusd, c.reservedNusd));
        } finally {
            c.lock.unlock();
        }
    }

    /** Drops counters of windows that ended more than a grace period ago, at most once a minute. */
    private void prune(Instant now) {
        long due = nextPruneMs.get();
        if (now.toEpochMilli() < due || !nextPruneMs.compareAndSet(due, now.toEpochMilli() + PRUNE_EVERY_MS)) return;
        Instant cutoff = now.minus(ENDED_WINDOW_GRACE);
        counters.values().removeIf(c -> c.windowEnd != null && c.windowEnd.isBefore(cutoff));
    }
}
