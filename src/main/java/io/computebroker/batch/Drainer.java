package io.computebroker.batch;

import io.computebroker.capacity.Capacity;
import io.computebroker.config.Boundary;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.Capability;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Usage;
import io.computebroker.core.WireFormat;
import io.computebroker.decide.Decision;
import io.computebroker.identify.KeyStore;
import io.computebroker.ledger.Nusd;
import io.computebroker.pipeline.Completed;
import io.computebroker.pipeline.Exchange;
import io.computebroker.pipeline.Lane;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.policy.BatchPolicy;
import io.computebroker.policy.PolicyStore;
import io.computebroker.settle.CostCalculator;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs queued batch items through the normal {@link Pipeline} (routing, budgets, cache, ledger), each
 * on a virtual thread, at most {@code maxInFlight} per node. The route an item gets:
 * <ol>
 *   <li><b>owned</b> — while owned capacity is idle (utilisation below {@code idleBelow}), items start
 *       there, as many as keep it under the threshold, so interactive traffic keeps the rest;</li>
 *   <li><b>discounted</b> — within {@code deadlineMarginMs} of its deadline an item stops waiting and
 *       goes to a provider's batch route ({@code batchDiscount}), billed at the discounted price; so does
 *       an item no owned model can serve (or every item, when there is no owned capacity), as waiting
 *       would buy it nothing;</li>
 *   <li><b>sync</b> — near the deadline without a discounted route (or with the policy forbidding it),
 *       the route a synchronous call would take, at list price.</li>
 * </ol>
 * Before that, an item waits. Retryable failures (429, 5xx) go back to the queue with back-off; the
 * rest are final. Batches whose items are all finished get their output and error files.
 */
public final class Drainer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Drainer.class.getName());

    /** The three routes, as written to the item and (prefixed with "batch-") to the ledger's lane column. */
    enum Route {
        OWNED, DISCOUNTED, SYNC,
        /** Not a route: owned is busy and the item is new; find out whether it waits for owned at all. */
        PROBE;

        String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    private final BatchStore store;
    private final Pipeline pipeline;
    private final PolicyStore policies;
    private final Capacity capacity;
    private final KeyStore keys;
    private final String node;
    private final InstantSource clock;
    private final Set<String> ownedProviders;
    private final Map<String, Double> discounts = new HashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger ownedRunning = new AtomicInteger();
    /** Items claimed for the discounted route and still being looked at (an upstream batch waits for them). */
    private final AtomicInteger discountedRunning = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final io.computebroker.batch.upstream.UpstreamBatches upstream;
    private final io.computebroker.batch.upstream.UpstreamPoller poller;
    private final java.util.concurrent.atomic.AtomicBoolean upstreamBusy = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private volatile long lastFinalize = Long.MIN_VALUE / 2;
    private Thread loop;

    public Drainer(BatchStore store, Pipeline pipeline, PolicyStore policies, Capacity capacity, KeyStore keys, BrokerConfig config,
                   String node, InstantSource clock) {
        this(store, pipeline, policies, capacity, keys, config, node, clock, null);
    }

    /** @param upstream the providers' own batch APIs (null or empty: the discounted route calls ordinary endpoints) */
    public Drainer(BatchStore store, Pipeline pipeline, PolicyStore policies, Capacity capacity, KeyStore keys, BrokerConfig config,
                   String node, InstantSource clock, io.computebroker.batch.upstream.UpstreamBatches upstream) {
        this.upstream = upstream == null || upstream.providers().isEmpty() ? null : upstream;
        this.poller = this.upstream == null ? null : new io.computebroker.batch.upstream.UpstreamPoller(this.upstream, store, keys);
        this.store = store;
        this.pipeline = pipeline;
        this.policies = policies;
        this.capacity = capacity;
        this.keys = keys;
        this.node = node;
        this.clock = clock;
        this.ownedProviders = config.models().stream().filter(m -> m.boundary() == Boundary.OWNED && m.can(Capability.CHAT))
                .map(ModelConfig::provider).collect(Collectors.toUnmodifiableSet());
        for (ProviderConfig p : config.providers()) if (p.batchDiscount() != null) discounts.put(p.id(), p.batchDiscount());
    }

    /** Puts back what this node held when it last stopped, then drains every {@code pollMs} (or when woken). */
    public void start() {
        int resumed = store.queue().resume(node);
        if (resumed > 0) LOG.info(resumed + " batch items this node held when it stopped are queued again");
        loop = Thread.ofVirtual().name("batch-drainer").start(() -> {
            while (!closed) {
                try {
                    tick();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "batch drainer tick failed, will retry: " + e.getMessage());
                }
                lock.lock();
                try {
                    if (!closed) wakeUp.await(policies.current().defaults().batch().pollMs(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** Looks at the queue now (new work, a finished item) instead of at the next poll. */
    public void wake() {
        lock.lock();
        try {
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Owned utilisation as the drainer sees it: in-flight share of the owned providers' limits (0 when unlimited). */
    public double ownedUtilisation() {
        int limit = 0, inFlight = 0;
        for (String p : ownedProviders) {
            Integer l = capacity.limit(p);
            if (l == null) continue;
            limit += l;
            inFlight += (int) Math.round(capacity.utilisation(p) * l);
        }
        return limit == 0 ? 0 : (double) inFlight / limit;
    }

    /**
     * One pass: finish batches that are done or past their deadline, then start what may start. Returns
     * the items started on a route (new items only being looked at while owned is busy are not counted).
     */
    public int tick() {
        BatchPolicy p = policies.current().defaults().batch();
        long now = clock.millis();
        // Items finishing wake the drainer often; looking for finished batches once per poll is enough.
        if (now - lastFinalize >= p.pollMs()) {
            lastFinalize = now;
            finalizeOpen(now, p);
        }
        if (!p.enabled()) return 0;
        int free = p.maxInFlight() - running.get();
        if (free <= 0) {
            upstreamWork(p, false);
            return 0;
        }
        int ownedSlots = ownedSlots(p);
        long nearBefore = ownedProviders.isEmpty() ? Long.MAX_VALUE : now + p.deadlineMarginMs();
        List<BatchItem> items = store.queue().claimable(now, nearBefore, ownedSlots > 0, free * 4);
        int started = 0, claimed = 0;
        for (BatchItem item : items) {
            if (claimed >= free) break;
            boolean near = item.deadline() <= nearBefore || item.noOwnedRoute();
            Route route;
            if (ownedSlots > 0 && !item.noOwnedRoute()) route = Route.OWNED;
            else if (near) route = elsewhere(p);
            else if (item.ownedRoute() == null) route = Route.PROBE;
            else continue;
            if (!store.queue().claim(item.id(), node, now, now + p.leaseMs())) continue;
            running.incrementAndGet();
            claimed++;
            if (route == Route.OWNED) {
                ownedRunning.incrementAndGet();
                ownedSlots--;
            }
            if (route != Route.PROBE) started++;
            if (route == Route.DISCOUNTED) discountedRunning.incrementAndGet();
            Thread.ofVirtual().name("batch-item").start(() -> {
                try {
                    run(item, route, p);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "batch item " + item.id() + " failed unexpectedly", e);
                    store.queue().release(item.id(), node, clock.millis() + 1_000, true, null);
                } finally {
                    running.decrementAndGet();
                    if (route == Route.OWNED) ownedRunning.decrementAndGet();
                    if (route == Route.DISCOUNTED) discountedRunning.decrementAndGet();
                    wake();
                }
            });
        }
        // Gather items for the providers' batch APIs while the queue still yields them, then send them together.
        upstreamWork(p, claimed == 0 && discountedRunning.get() == 0);
        return started;
    }

    /**
     * Polls upstream batches that are due, and sends what has been gathered once the queue has stopped
     * yielding discounted items and none is still being admitted ({@code flush}), or a full upstream
     * batch is ready; off the drainer's
     * thread (uploads and downloads take time), one pass at a time.
     */
    private void upstreamWork(BatchPolicy p, boolean flush) {
        if (upstream == null || !upstreamBusy.compareAndSet(false, true)) return;
        boolean send = upstream.gathered() > 0 && (flush || upstream.gathered() >= p.upstreamMaxItems());
        Thread.ofVirtual().name("batch-upstream").start(() -> {
            try {
                if (send) upstream.flush(p);
                if (poller.poll(p) > 0) lastFinalize = Long.MIN_VALUE / 2; // answers arrived: finalize at the next tick
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "batch lane upstream pass failed, will retry", e);
            } finally {
                upstreamBusy.set(false);
            }
        });
    }

    /** Waits for an upstream pass in progress to end (tests and shutdown). */
    public void awaitUpstream() throws InterruptedException {
        while (upstreamBusy.get()) Thread.sleep(5);
    }

    /**
     * How many more items may start on owned capacity: while utilisation stays below the threshold.
     * Items of ours not yet dispatched are not in the capacity count, so the larger of the two counts.
     */
    private int ownedSlots(BatchPolicy p) {
        if (ownedProviders.isEmpty()) return 0;
        int limit = 0, inFlight = 0;
        for (String id : ownedProviders) {
            Integer l = capacity.limit(id);
            if (l == null) return p.maxInFlight(); // an unbounded owned provider is never busy
            limit += l;
            inFlight += (int) Math.round(capacity.utilisation(id) * l);
        }
        return Math.max(0, (int) Math.ceil(p.idleBelow() * limit - Math.max(inFlight, ownedRunning.get())));
    }

    private void run(BatchItem item, Route route, BatchPolicy p) {
        Batch b = store.batchForDrainer(item.batchId()).orElse(null);
        if (b == null || !b.status().equals(Batch.IN_PROGRESS)) { // cancelled (or gone) since it was claimed
            store.queue().complete(item.id(), node, new BatchQueue.Outcome(BatchItem.CANCELLED, null, null, null, null, null,
                    0, 0, 0, 0, 0, 0), clock.millis());
            return;
        }
        String requestId = "breq_" + item.id() + Long.toString(clock.millis() % 1_000_000_000L, 36);
        WireFormat wire = BatchInput.formatOf(b.endpoint());
        ItemRequest req;
        Decision sync;
        try {
            req = ItemRequest.of(b, item.body(), keys);
            sync = pipeline.explain(req.request(), req.declared(), req.principal());
        } catch (BrokerException e) {
            fail(item, requestId, route, wire, e);
            return;
        }
        boolean owned = sync.order().stream().anyMatch(m -> m.boundary() == Boundary.OWNED);
        if (route == Route.PROBE && owned) {
            store.queue().release(item.id(), node, clock.millis(), false, true); // it waits for owned capacity
            return;
        }
        // Nothing owned can serve it: waiting would buy nothing, so it goes now.
        if (!owned && (route == Route.OWNED || route == Route.PROBE)) route = elsewhere(p);
        execute(item, b, route, requestId, req, syncRoute(sync), p);
    }

    /**
     * Where the same request would go if sent now synchronously: the router's choice, or — when its
     * provider is saturated — the candidate dispatch would spill to. Savings are measured against it.
     */
    private ModelConfig syncRoute(Decision sync) {
        return sync.order().stream().filter(m -> !capacity.saturated(m.provider())).findFirst().orElse(sync.chosen());
    }

    private void execute(BatchItem item, Batch b, Route route, String requestId, ItemRequest req, ModelConfig syncRoute, BatchPolicy p) {
        Lane lane = lane(route, syncRoute, p);
        WireFormat wire = req.wire();
        try {
            // A provider with its own batch API takes the item in its next upstream batch (a refused one
            // is queued again with one attempt more; after maxAttempts it takes the ordinary route).
            if (route == Route.DISCOUNTED && upstream != null && item.attempts() < p.maxAttempts()
                    && upstream.offer(item, requestId, req, syncRoute)) {
                wake();
                return;
            }
            Completed done = pipeline.complete(new Exchange(requestId, req.principal(), req.request(), req.declared(), wire, Map.of(),
                    System.nanoTime(), lane));
            ModelConfig served = done.dispatched().served();
            String out = req.answer(done.response(), item.id(), served.id(), clock.millis() / 1000);
            Usage u = done.response().usage();
            long cost = Nusd.of(done.cost().totalUsd());
            long syncCost = syncRoute == null ? cost : Nusd.of(CostCalculator.cost(u, syncRoute.price(), false).totalUsd());
            store.queue().complete(item.id(), node, new BatchQueue.Outcome(BatchItem.DONE, requestId, route.wire(), served.id(), 200, out,
                    u.inputTokens(), u.cachedInputTokens(), u.outputTokens(), u.reasoningTokens(), cost, syncCost), clock.millis());
        } catch (Lane.Empty e) {
            if (route == Route.DISCOUNTED) {
                execute(item, b, Route.SYNC, requestId, req, syncRoute, p);
            } else {
                store.queue().release(item.id(), node, clock.millis(), false, null); // owned filled up meanwhile: try again later
            }
        } catch (BrokerException e) {
            if (retryable(e) && item.attempts() + 1 < p.maxAttempts()) {
                store.queue().release(item.id(), node, clock.millis() + backoffMs(e, item.attempts()), true, null);
            } else {
                fail(item, requestId, route, wire, e);
            }
        }
    }

    /** Where an item goes when it does not (or may no longer) wait for owned capacity. */
    private Route elsewhere(BatchPolicy p) {
        return p.discountedRoute() && !discounts.isEmpty() ? Route.DISCOUNTED : Route.SYNC;
    }

    /** The lane for a route: which models it allows and at what discount. */
    private Lane lane(Route route, ModelConfig syncRoute, BatchPolicy p) {
        return switch (route) {
            case OWNED -> new Lane("batch-owned", m -> m.boundary() == Boundary.OWNED && capacity.utilisation(m.provider()) < p.idleBelow(),
                    m -> 0, syncRoute);
            case DISCOUNTED -> new Lane("batch-discounted", m -> discounts.containsKey(m.provider()),
                    m -> discounts.getOrDefault(m.provider(), 0.0), syncRoute);
            case SYNC, PROBE -> new Lane("batch-sync", m -> true, m -> 0, syncRoute);
        };
    }

    private void fail(BatchItem item, String requestId, Route route, WireFormat wire, BrokerException e) {
        store.queue().complete(item.id(), node, new BatchQueue.Outcome(BatchItem.FAILED, requestId, route.wire(), null, e.status(),
                ItemRequest.error(wire, e),
                0, 0, 0, 0, 0, 0), clock.millis());
    }

    private static boolean retryable(BrokerException e) {
        return switch (e.kind()) {
            case RATE_LIMITED, UNAVAILABLE, UPSTREAM, UPSTREAM_TIMEOUT, INTERNAL -> true;
            default -> false;
        };
    }

    /** The upstream's retry-after when it gave one, else 2, 4, 8 … seconds, at most a minute. */
    private static long backoffMs(BrokerException e, int attempts) {
        if (e.retryAfter() != null) {
            try {
                return Math.min(60_000, Long.parseLong(e.retryAfter().strip()) * 1000);
            } catch (NumberFormatException ignored) {
                // an HTTP date or garbage: fall back to exponential back-off
            }
        }
        return Math.min(60_000, 2_000L << Math.min(attempts, 5));
    }

    /**
     * Batches whose items have all finished (or whose deadline passed: queued items expire) are
     * finalized by whichever node moves them to {@code finalizing} first; it writes the output file
     * (answered items) and the error file (failed, expired, cancelled), then the final status.
     */
    private void finalizeOpen(long now, BatchPolicy p) {
        for (Batch b : store.open(now - p.leaseMs())) {
            boolean pastDeadline = now >= b.expiresAt();
            if (pastDeadline && b.status().equals(Batch.IN_PROGRESS)) store.queue().expireQueued(b.id(), now);
            if (b.status().equals(Batch.CANCELLING)) store.queue().cancelQueued(b.id(), now);
            if (!b.status().equals(Batch.FINALIZING) && store.queue().hasPending(b.id())) continue;
            if (!b.status().equals(Batch.FINALIZING) && !store.transition(b.id(), b.status(), Batch.FINALIZING, now)) continue;
            StringBuilder output = new StringBuilder();
            StringBuilder errors = new StringBuilder();
            boolean expired = false;
            for (BatchQueue.Result r : store.queue().results(b.id())) {
                expired |= r.state().equals(BatchItem.EXPIRED);
                (r.state().equals(BatchItem.DONE) ? output : errors).append(BatchJson.resultLine(r)).append('\n');
            }
            String finalStatus = b.cancellingAt() != null ? Batch.CANCELLED : expired ? Batch.EXPIRED : Batch.COMPLETED;
            String outId = output.isEmpty() ? null
                    : store.files().putFile(BatchService.id("file-"), b.tenant(), BatchFile.PURPOSE_OUTPUT, b.id() + "_output.jsonl", output.toString(), now).id();
            String errId = errors.isEmpty() ? null
                    : store.files().putFile(BatchService.id("file-"), b.tenant(), BatchFile.PURPOSE_OUTPUT, b.id() + "_error.jsonl", errors.toString(), now).id();
            store.finish(b.id(), outId, errId, finalStatus, clock.millis());
        }
    }

    /** Stops claiming work and gives items in flight a few seconds to settle; any left are resumed by the next start. */
    @Override
    public void close() {
        closed = true;
        wake();
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(2_000);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while ((running.get() > 0 || upstreamBusy.get()) && System.nanoTime() < deadline) Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
