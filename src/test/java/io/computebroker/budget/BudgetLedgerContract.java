package io.computebroker.budget;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What every {@link BudgetLedger} must do. Subclasses give the ledgers of one deployment: one for the
 * in-process ledger, two nodes sharing one Redis for the distributed one.
 */
abstract class BudgetLedgerContract {
    static final long USD = 1_000_000_000L;

    /** Ledgers acting as the nodes of one deployment, all seeded from {@code spend}. */
    abstract List<BudgetLedger> nodes(SpendSource spend);

    /** A time inside a window whose Redis keys will not have expired (they expire after the window ends). */
    static Instant now() { return Instant.now(); }

    static Budget budget(String id, Scope scope, String value, TimeWindow window, long limitNusd, Long softNusd) {
        return new Budget(id, "acme", scope, value, window, limitNusd, softNusd, BudgetAction.REJECT, Instant.EPOCH);
    }

    static Budget tenantBudget(String id, long limitNusd) { return budget(id, Scope.TENANT, "acme", TimeWindow.DAY, limitNusd, null); }

    @Test
    void concurrentRequestsOnSeveralNodesNeverOverspendAndRefuseExactlyAtTheCap() throws Exception {
        Budget tenant = tenantBudget("bud_tenant", USD);                                       // $1.00
        Budget key = budget("bud_key", Scope.KEY, "key_a", TimeWindow.MONTH, 40 * USD / 100, null); // $0.40
        List<BudgetLedger> nodes = nodes((b, start) -> 0);
        int requests = 500;
        AtomicLong tenantActual = new AtomicLong(), keyActual = new AtomicLong();
        AtomicInteger refused = new AtomicInteger(), granted = new AtomicInteger();
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        Instant now = now();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                int n = i;
                pool.submit(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    BudgetLedger node = nodes.get(n % nodes.size());
                    boolean onKey = n % 2 == 0;
                    List<Budget> budgets = onKey ? List.of(key, tenant) : List.of(tenant);
                    long worst = rnd.nextLong(USD / 1000, 60 * USD / 1000);                  // $0.001 .. $0.06
                    try {
                        start.await();
                        Reservation r;
                        try {
                            r = node.reserve("req-" + n, budgets, worst, now);
                        } catch (BudgetExceededException e) {
                            // A refusal is only right when the worst case really did not fit.
                            assertThat(e.spentNusd() + e.reservedNusd() + worst).isGreaterThan(e.limitNusd());
                            refused.incrementAndGet();
                            return null;
                        }
                        granted.incrementAndGet();
                        Thread.sleep(rnd.nextInt(3));
                        long actual = worst / 2 + rnd.nextLong(worst - worst / 2 + 1);          // worst/2 .. worst
                        node.settle(r, actual);
                        tenantActual.addAndGet(actual);
                        if (onKey) keyActual.addAndGet(actual);
                    } catch (Throwable t) {
                        failures.put("req-" + n, t);
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(failures).isEmpty();
        assertThat(refused.get()).as("demand was ~15x the cap, so some requests must be refused").isPositive();
        assertThat(granted.get()).isPositive();
        assertThat(tenantActual.get()).isLessThanOrEqualTo(tenant.limitNusd());
        assertThat(keyActual.get()).isLessThanOrEqualTo(key.limitNusd());
        for (BudgetLedger node : nodes) {
            assertThat(node.counter(tenant, now)).contains(new BudgetCounter(tenantActual.get(), 0));
            assertThat(node.counter(key, now)).contains(new BudgetCounter(keyActual.get(), 0));
        }
        // The counters are exact: what is left fits to the nano-dollar, one more does not.
        long left = tenant.limitNusd() - tenantActual.get();
        BudgetLedger last = nodes.getLast();
        assertThatThrownBy(() -> last.reserve("probe-over", List.of(tenant), left + 1, now)).isInstanceOf(BudgetExceededException.class);
        assertThat(last.reserve("probe-fit", List.of(tenant), left, now).holds()).hasSize(1);
    }

    @Test
    void aRequestOverOneBudgetHoldsNothingOnTheOthers() {
        Budget tenant = tenantBudget("bud_t", 100 * USD);
        Budget key = budget("bud_k", Scope.KEY, "key_a", TimeWindow.DAY, 10 * USD, null);
        BudgetLedger ledger = nodes((b, s) -> 0).getFirst();
        Instant now = now();
        BudgetExceededException e = catchThrowableOfType(BudgetExceededException.class,
                () -> ledger.reserve("r1", List.of(tenant, key), 11 * USD, now));
        assertThat(e.budget()).isEqualTo(key);
        assertThat(e.limitNusd()).isEqualTo(10 * USD);
        assertThat(ledger.counter(tenant, now)).contains(new BudgetCounter(0, 0));
        assertThat(ledger.reserve("r2", List.of(tenant), 100 * USD, now).holds()).hasSize(1);
    }

    @Test
    void softLimitIsReportedOnceSpendAndHoldsCrossItButTheRequestPasses() {
        Budget b = budget("bud_s", Scope.TENANT, "acme", TimeWindow.MONTH, 100, 50L);
        Budget plain = budget("bud_p", Scope.FEATURE, "search", TimeWindow.MONTH, 100, null);
        BudgetLedger ledger = nodes((x, s) -> 0).getFirst();
        Instant now = now();
        Reservation first = ledger.reserve("r1", List.of(b, plain), 30, now);
        assertThat(first.softExceeded()).isEmpty();
        Reservation second = ledger.reserve("r2", List.of(b, plain), 30, now);
        assertThat(second.softExceeded()).containsExactly(b);
        ledger.settle(first, 10);
        ledger.settle(second, 10);                                   // spent 20 < 50
        assertThat(ledger.reserve("r3", List.of(b), 30, now).softExceeded()).isEmpty();
    }

    @Test
    void spendSoFarIsSeededOncePerWindowFromTheSpendSource() {
        Budget b = tenantBudget("bud_seed", 1000);
        Map<Instant, Integer> calls = new ConcurrentHashMap<>();
        SpendSource stub = (budget, windowStart) -> {
            calls.merge(windowStart, 1, Integer::sum);
            return 600;
        };
        List<BudgetLedger> nodes = nodes(stub);
        Instant now = now();
        BudgetExceededException e = catchThrowableOfType(BudgetExceededException.class,
                () -> nodes.getFirst().reserve("r1", List.of(b), 500, now));
        assertThat(e.spentNusd()).isEqualTo(600);
        Reservation ok = nodes.getLast().reserve("r2", List.of(b), 400, now);
        nodes.getFirst().settle(ok, 100);
        assertThat(nodes.getLast().counter(b, now)).contains(new BudgetCounter(700, 0));
        Instant today = TimeWindow.DAY.span(now).start();
        assertThat(calls).containsOnlyKeys(today);
        // Every node after the first finds the counter and does not ask again (a racing node may).
        assertThat(calls.get(today)).isLessThanOrEqualTo(nodes.size());
        nodes.getFirst().reserve("r3", List.of(b), 1, now.plusSeconds(86_400));
        assertThat(calls).containsKey(today.plusSeconds(86_400));
    }

    @Test
    void theFirstBurstOfAWindowAsksTheSpendSourceOncePerNode() throws Exception {
        Budget b = budget("bud_burst", Scope.TENANT, "acme", TimeWindow.MONTH, 1_000_000, null);
        AtomicInteger calls = new AtomicInteger();
        List<BudgetLedger> nodes = nodes((budget, windowStart) -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(300);          // a slow SUM over a month of ledger rows
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1000;
        });
        Instant now = now();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Reservation>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                BudgetLedger node = nodes.get(i % nodes.size());
                String id = "r" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    return node.reserve(id, List.of(b), 10, now);
                }));
            }
            start.countDown();
            for (var f : done) assertThat(f.get().holds()).hasSize(1);
        }
        assertThat(calls.get()).isBetween(1, nodes.size());
        assertThat(nodes.getFirst().counter(b, now)).contains(new BudgetCounter(1000, 2000));
    }

    @Test
    void aFailingSpendSourceFailsTheRequestHoldsNothingAndIsAskedAgainNextTime() {
        Budget b = tenantBudget("bud_flaky", 100);
        AtomicInteger calls = new AtomicInteger();
        BudgetLedger ledger = nodes((budget, windowStart) -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("store unreachable");
            return 40;
        }).getFirst();
        Instant now = now();
        assertThatThrownBy(() -> ledger.reserve("r1", List.of(b), 10, now)).hasMessageContaining("store unreachable");
        assertThat(ledger.counter(b, now)).isEmpty();
        ledger.reserve("r2", List.of(b), 10, now);
        assertThat(ledger.counter(b, now)).contains(new BudgetCounter(40, 10));
    }

    @Test
    void aRequestSettlesInTheWindowItWasAdmittedInEvenAfterMidnight() {
        Budget b = tenantBudget("bud_mid", 1000);
        BudgetLedger ledger = nodes((x, s) -> 0).getFirst();
        Instant beforeMidnight = TimeWindow.DAY.span(now()).end().minusMillis(1);
        Reservation r = ledger.reserve("r1", List.of(b), 900, beforeMidnight);
        Instant afterMidnight = beforeMidnight.plusMillis(2);
        assertThat(ledger.reserve("r2", List.of(b), 1000, afterMidnight).holds()).hasSize(1);   // a new day, a new window
        ledger.settle(r, 800);
        assertThat(ledger.counter(b, beforeMidnight)).contains(new BudgetCounter(800, 0));
        assertThat(ledger.counter(b, afterMidnight)).contains(new BudgetCounter(0, 1000));
    }

    @Test
    void aBudgetListedTwiceIsHeldOnceAndNoBudgetsMeansNoHolds() {
        Budget b = tenantBudget("bud_twice", 100);
        BudgetLedger ledger = nodes((x, s) -> 0).getFirst();
        Instant now = now();
        Reservation r = ledger.reserve("r1", List.of(b, b), 60, now);
        assertThat(r.holds()).hasSize(1);
        assertThat(ledger.counter(b, now)).contains(new BudgetCounter(0, 60));
        Reservation none = ledger.reserve("r2", new ArrayList<>(), 1_000_000, now);
        assertThat(none.holds()).isEmpty();
        ledger.settle(none, 5);
        ledger.settle(r, 0);
        assertThat(ledger.counter(b, now)).contains(new BudgetCounter(0, 0));
    }
}
