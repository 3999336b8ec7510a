package io.computebroker.pipeline;

import io.computebroker.cache.CacheStage;
import io.computebroker.classify.CallerSignals;
import io.computebroker.classify.Classifier;
import io.computebroker.classify.Signals;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.decide.LatencyEstimates;
import io.computebroker.decide.Router;
import io.computebroker.dispatch.DispatchFailure;
import io.computebroker.dispatch.Dispatched;
import io.computebroker.dispatch.Dispatcher;
import io.computebroker.identify.Principal;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.StreamSink;
import io.computebroker.settle.Cost;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Pending;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;
import io.computebroker.tokens.TokenCounter;

import java.time.Duration;
import java.util.List;

/**
 * The data-plane pipeline: classify → decide → dispatch → settle, one readable method per mode.
 * Identification happened before (the server authenticates); wire decoding and encoding happen outside.
 * Stages import no HTTP types, so the pipeline runs the same under the server, the bench and tests.
 */
public final class Pipeline {
    private final Classifier classifier;
    private final Router router;
    private final Dispatcher dispatcher;
    private final Settler settler;
    private final TokenCounter tokens;
    private final LatencyEstimates latency;
    private final PolicyStore policies;
    private final Gate gate;
    private final CacheStage cache;
    private final io.computebroker.cache.semantic.SemanticCache semantic;
    private final io.computebroker.eval.live.Experiments experiments;
    private final io.computebroker.observe.Tracing tracing;

    /** What a stream's caller learns before the first byte: the decision, the model serving, budget warnings, cache outcome. */
    public record Route(Decision decision, ModelConfig served, List<String> warnings, String cacheOutcome) {}

    public Pipeline(Classifier classifier, Router router, Dispatcher dispatcher, Settler settler, TokenCounter tokens,
                    LatencyEstimates latency, PolicyStore policies, Gate gate, CacheStage cache,
                    io.computebroker.cache.semantic.SemanticCache semantic, io.computebroker.eval.live.Experiments experiments,
                    io.computebroker.observe.Tracing tracing) {
        this.tracing = tracing;
        this.experiments = experiments;
        this.gate = gate;
        this.cache = cache;
        this.semantic = semantic;
        this.classifier = classifier;
        this.router = router;
        this.dispatcher = dispatcher;
        this.settler = settler;
        this.tokens = tokens;
        this.latency = latency;
        this.policies = policies;
    }

    /** Deferred work a provider's own batch API runs: admitted and settled here, sent elsewhere. */
    public Handoff handoff() { return new Handoff(this, settler, gate, tokens); }

    /** Classify and decide without dispatching anything: what {@code route explain} prints. */
    public Decision explain(ChatRequest request, CallerSignals declared, Principal principal) {
        Signals signals;
        try (var span = tracing.stage("classify")) {
            signals = classifier.classify(request, declared, principal);
        }
        try (var span = tracing.stage("decide")) {
            return router.decide(request.model(), signals, principal, Classifier.taskText(request));
        }
    }

    public Completed complete(Exchange ex) {
        Gate.Ticket ticket = admit(ex);
        Decision decision = ticket.decision();
        CacheStage.Lookup look = lookup(ex, decision);
        if (look.hit()) {
            ModelConfig served = replayed(ex, ticket, look);
            return new Completed(look.entry().response(), decision, new Dispatched(look.entry().response(), served, List.of(), false, false),
                    Cost.ZERO, ticket.warnings(), look.outcome().wire());
        }
        return whole(ex, ticket, look, false);
    }

    /**
     * An admitted request the cache did not answer, dispatched for its whole answer (through its rule's cascade
     * when it has one), settled, stored and handed to the rule's experiments.
     *
     * @param streamed the caller gets the answer as a stream (a cascade's, replayed once checked)
     */
    private Completed whole(Exchange ex, Gate.Ticket ticket, CacheStage.Lookup look, boolean streamed) {
        Decision decision = ticket.decision();
        String shadow = look.outcome() == CacheStage.Outcome.SEMANTIC_SHADOW ? "shadow" : null;
        if (experiments != null) decision = experiments.canary(decision);
        Pending pending = pending(ex, decision, ticket.worstCaseNusd());
        Dispatched done;
        Cost prior;
        Usage priorUsage;
        try {
            Dispatch d;
            try (var span = tracing.stage("dispatch")) {
                d = cascadeOrDispatch(ex, decision);
            }
            done = d.done();
            prior = d.priorCost();
            priorUsage = d.priorUsage();
        } catch (DispatchFailure f) {
            settle(ex, decision, null, f.attempts(), false, false, Usage.ZERO, Cost.ZERO, f.error().status(), f.error().getMessage(),
                    streamed, -1, pending, null, null);
            gate.settle(ticket, ex.principal(), 0, 0);
            if (experiments != null) experiments.afterCanary(decision, null, true, null);
            throw f.error();
        } catch (RuntimeException e) {
            settle(ex, decision, null, java.util.List.of(), false, false, Usage.ZERO, Cost.ZERO, 500, e.toString(), streamed, -1, pending, null, null);
            gate.settle(ticket, ex.principal(), 0, 0);
            throw e;
        }
        ChatResponse response = done.response();
        boolean estimated = response.usage().equals(Usage.ZERO);
        Usage usage = Billing.billedUsage(response, decision, tokens);
        Cost cost = Billing.discounted(ex, done.served(), CostCalculator.cost(usage, done.served().price(), estimated));
        if (prior != null) { // the rejected first answer was generated too: its tokens and cost stay on this request
            cost = add(cost, prior);
            usage = new Usage(usage.inputTokens() + priorUsage.inputTokens(), usage.cachedInputTokens() + priorUsage.cachedInputTokens(),
                    usage.cacheWriteTokens() + priorUsage.cacheWriteTokens(), usage.outputTokens() + priorUsage.outputTokens(),
                    usage.reasoningTokens() + priorUsage.reasoningTokens());
        }
        long micros = settle(ex, decision, done.served(), done.attempts(), done.spilled(), done.fellBack(), usage, cost, 200, null,
                streamed, -2, pending, response.text(), shadow); // -2: the first token came with the whole answer
        gate.settle(ticket, ex.principal(), io.computebroker.ledger.Nusd.of(cost.totalUsd()), usage.outputTokens());
        latency.record(done.served().id(), micros / 1000);
        cache.store(look, response, done.served().id(), io.computebroker.ledger.Nusd.of(cost.totalUsd()), cacheTtl());
        storeSemantic(ex, decision, done.served().id(), response);
        if (experiments != null) {
            experiments.afterCanary(decision, done.served(), false, response);
            shadow(ex, decision, response);
        }
        return new Completed(response, decision, done, cost, ticket.warnings(), look.outcome().wire());
    }

    /** What dispatch returned, plus the cost of a cascade's rejected first answer (null without one). */
    private record Dispatch(Dispatched done, Cost priorCost, Usage priorUsage) {}

    private static Cost add(Cost a, Cost b) {
        return new Cost(a.inputUsd().add(b.inputUsd()), a.cachedInputUsd().add(b.cachedInputUsd()), a.outputUsd().add(b.outputUsd()),
                a.estimated() || b.estimated(), a.priceVersion());
    }

    /**
     * Dispatches; under a cascade rule, the cheapest candidate answers first and the rest of the order
     * only sees the request when that answer fails the check. Both attempts and both costs stay on one
     * request.
     */
    /** The decision's rule has a cascade that can run: named first models, or a first model of several. */
    private boolean cascades(Decision d) {
        io.computebroker.policy.Cascade cascade = cascadeOf(d);
        return cascade != null && (!cascade.models().isEmpty() || d.order().size() >= 2);
    }

    /** The cascade of the decision's rule; null without one. */
    private io.computebroker.policy.Cascade cascadeOf(Decision d) {
        var rule = policies.current().rule(d.ruleName());
        return rule == null ? null : rule.set().cascade();
    }

    private Dispatch cascadeOrDispatch(Exchange ex, Decision decision) {
        io.computebroker.policy.Cascade cascade = cascadeOf(decision);
        if (cascade != null && !cascade.models().isEmpty()) { // named first models (check agree, or one check per model)
            var run = ModelCascade.run(cascade, decision, !ex.request().tools().isEmpty(), this::admissible,
                    d -> dispatcher.complete(ex.requestId(), ex.request(), d, ex.forwardHeaders(), limits()));
            if (run.isPresent()) return new Dispatch(run.get().done(), run.get().extraCost(), run.get().extraUsage());
        }
        if (cascade == null || !cascade.models().isEmpty() || decision.order().size() < 2) {
            return new Dispatch(dispatcher.complete(ex.requestId(), ex.request(), decision, ex.forwardHeaders(), limits()), null, null);
        }
        Decision first = decision.withOrder(List.of(decision.order().get(0)), "cascade-1");
        Dispatched cheap = dispatcher.complete(ex.requestId(), ex.request(), first, ex.forwardHeaders(), limits());
        if (cascade.passes(cheap.response())) return new Dispatch(cheap, null, null);
        Decision rest = decision.withOrder(decision.order().subList(1, decision.order().size()), "cascade-2");
        Dispatched better = dispatcher.complete(ex.requestId(), ex.request(), rest, ex.forwardHeaders(), limits());
        List<io.computebroker.dispatch.Attempt> attempts = new java.util.ArrayList<>();
        cheap.attempts().forEach(a -> attempts.add(a.ok() ? new io.computebroker.dispatch.Attempt(a.model(), a.provider(), a.number(),
                "escalated:" + cascade.check(), "answer failed the cascade check", a.micros()) : a));
        attempts.addAll(better.attempts());
        Cost firstCost = Billing.discounted(ex, cheap.served(),
                CostCalculator.cost(cheap.response().usage(), cheap.served().price(), cheap.response().usage().equals(Usage.ZERO)));
        return new Dispatch(new Dispatched(better.response(), better.served(), attempts, better.spilled(), true), firstCost,
                cheap.response().usage());
    }

    /** A cascade's named model may serve this request only if it passed the decision's hard constraints. */
    private java.util.Optional<ModelConfig> admissible(Decision d, String model) {
        for (ModelConfig m : d.order()) if (m.id().equals(model)) return java.util.Optional.of(m);
        return experiments == null ? java.util.Optional.empty() : experiments.admissible(d, model);
    }

    /** The reserve stage, with a way to decide again under a budget's remaining money (downgrade). */
    Gate.Ticket admit(Exchange ex) {
        Decision decision = inLane(ex, explain(ex.request(), ex.declared(), ex.principal()));
        try (var span = tracing.stage("reserve")) {
            return gate.admit(ex.requestId(), ex.principal(), decision, ex.request(), usd -> {
                Decision cheaper = router.decide(ex.request().model(), decision.signals().withMaxCost(usd), ex.principal());
                try {
                    return inLane(ex, cheaper);
                } catch (Lane.Empty e) {
                    throw new io.computebroker.core.BrokerException(io.computebroker.core.ErrorKind.INVALID_REQUEST, e.getMessage());
                }
            });
        }
    }

    /** Deferred work: the decision narrowed to the models its lane allows, before anything is reserved. */
    static Decision inLane(Exchange ex, Decision d) {
        if (ex.lane() == null) return d;
        List<ModelConfig> kept = d.order().stream().filter(ex.lane().allows()).toList();
        if (kept.isEmpty()) {
            throw new Lane.Empty("no model of lane " + ex.lane().name() + " can serve this request (route was "
                    + d.order().stream().map(ModelConfig::id).toList() + ")");
        }
        return d.withOrder(kept, ex.lane().name());
    }

    /** Recorded before any byte goes upstream, with the worst case a crash would bill. */
    private Pending pending(Exchange ex, Decision decision, long worstCaseNusd) {
        Pending p = Billing.pendingOf(ex, decision, worstCaseNusd, System.currentTimeMillis());
        settler.pending(p);
        return p;
    }

    /**
     * Streams the answer to {@code sink}. {@code onRoute} runs once, right before the first event, with
     * the model that actually serves (after any fail-over), so the caller can send response headers.
     * Errors before the first event are thrown; after it they arrive as a Failure event. If the sink
     * throws (caller gone) the upstream is closed and the call is still settled for what was generated.
     */
    public void stream(Exchange ex, java.util.function.Consumer<Route> onRoute, StreamSink sink) {
        Gate.Ticket ticket = admit(ex);
        Decision admitted = ticket.decision();
        CacheStage.Lookup look = lookup(ex, admitted);
        if (look.hit()) {
            // A cached answer is replayed as a proper stream in the caller's format.
            ModelConfig served = replayed(ex, ticket, look);
            onRoute.accept(new Route(admitted, served, ticket.warnings(), look.outcome().wire()));
            for (var event : io.computebroker.core.ResponseEvents.of(look.entry().response())) sink.accept(event);
            sink.flush();
            return;
        }
        if (cascades(admitted)) {
            // A cascade checks whole answers, so the caller's stream starts once the served answer is known.
            Completed c = whole(ex, ticket, look, true);
            onRoute.accept(new Route(c.decision(), c.dispatched().served(), ticket.warnings(), look.outcome().wire()));
            for (var event : io.computebroker.core.ResponseEvents.of(c.response())) sink.accept(event);
            sink.flush();
            return;
        }
        Decision decision = experiments == null ? admitted : experiments.canary(admitted);
        Pending pending = pending(ex, decision, ticket.worstCaseNusd());
        StreamObserver observer = new StreamObserver(ex.startNanos());
        ModelConfig[] served = {null};
        Dispatched done = null;
        List<io.computebroker.dispatch.Attempt> attempts = List.of();
        int status = 200;
        String error = null;
        try (var span = tracing.stage("dispatch")) {
            done = dispatcher.stream(ex.requestId(), ex.request(), decision, ex.forwardHeaders(), limits(), StreamSink.of(event -> {
                observer.see(event);
                sink.accept(event);
            }, sink::flush), model -> {
                served[0] = model;
                onRoute.accept(new Route(decision, model, ticket.warnings(), look.outcome().wire()));
            });
            attempts = done.attempts();
            error = observer.failure();
        } catch (DispatchFailure f) {
            attempts = f.attempts();
            status = f.error().status();
            error = f.error().getMessage();
            throw f.error();
        } catch (RuntimeException e) {
            error = "caller disconnected: " + e.getClass().getSimpleName();
            throw e;
        } finally {
            ModelConfig model = done != null ? done.served() : served[0];
            // An upstream that refused before streaming generated nothing and bills nothing.
            Usage usage = model == null ? Usage.ZERO : observer.usage(decision.signals().promptTokens(), tokens);
            Cost cost = model == null ? Cost.ZERO : CostCalculator.cost(usage, model.price(), !observer.usageReported());
            long micros = settle(ex, decision, model, attempts, done != null && done.spilled(), done != null && done.fellBack(),
                    usage, cost, status, error, true, observer.ttftMicros(), pending, observer.text(),
                    look.outcome() == CacheStage.Outcome.SEMANTIC_SHADOW ? "shadow" : null);
            gate.settle(ticket, ex.principal(), io.computebroker.ledger.Nusd.of(cost.totalUsd()), usage.outputTokens());
            if (experiments != null) experiments.afterCanary(decision, model, error != null, null);
            if (model != null && error == null) latency.record(model.id(), micros / 1000);
            if (model != null && error == null && observer.wholeText()) {
                ChatResponse whole = CacheStage.fromStream(ex.requestId(), model.id(), observer.text(), observer.stopReason(), usage);
                if (observer.cacheable()) {
                    cache.store(look, whole, model.id(), io.computebroker.ledger.Nusd.of(cost.totalUsd()), cacheTtl());
                    storeSemantic(ex, decision, model.id(), whole);
                }
                if (experiments != null) shadow(ex, decision, whole); // a stream with tool calls is not mirrored: its text is not the answer
            }
        }
    }

    /** Starts the decision's shadow trial, if it has one, after the caller has its answer. */
    private void shadow(Exchange ex, Decision primary, ChatResponse answer) {
        experiments.shadowFor(primary).ifPresent(candidate -> Thread.ofVirtual().start(
                () -> new ShadowTrial(dispatcher, settler, experiments, limits(), this::complete).run(ex, primary, answer, candidate)));
    }

    /** Settles a cache hit: no provider was called, nothing is billed, the replayed call's cost is recorded as saved. */
    private ModelConfig replayed(Exchange ex, Gate.Ticket ticket, CacheStage.Lookup look) {
        Decision d = ticket.decision();
        ModelConfig served = d.order().stream().filter(m -> m.id().equals(look.entry().model())).findFirst().orElse(d.chosen());
        Pending p = Billing.pendingOf(ex, d, 0, System.currentTimeMillis());
        long micros = (System.nanoTime() - ex.startNanos()) / 1000;
        settler.settle(new Settlement(ex.requestId(), ex.principal(), d, served, List.of(), false, false, look.entry().response().usage(),
                Cost.ZERO, 200, null, ex.request().stream(), micros, micros, p, look.entry().response().text(),
                look.outcome() == CacheStage.Outcome.EXACT_HIT ? "exact_hit" : "semantic_hit", look.entry().costNusd()));
        gate.settle(ticket, ex.principal(), 0, 0);
        return served;
    }

    /**
     * Exact first; then, where the policy enables it, the governed semantic cache. A semantic match in
     * shadow mode is only recorded (the ledger row says "shadow"), never served.
     */
    private CacheStage.Lookup lookup(Exchange ex, Decision decision) {
        try (var span = tracing.stage("cache")) {
            return cacheLookup(ex, decision);
        }
    }

    private CacheStage.Lookup cacheLookup(Exchange ex, Decision decision) {
        CacheStage.Lookup exact = cache.lookup(ex.request(), ex.declared().cache(), ex.principal(), decision);
        var cfg = policies.current().defaults().semanticCache();
        if (exact.hit() || semantic == null || !cfg.enabled() || "off".equals(ex.declared().cache())) return exact;
        var rules = cfg.rules(ruleThreshold(decision));
        if (!semantic.eligible(ex.request(), decision.signals(), rules).ok()) return exact;
        var hit = semantic.lookup(ex.principal().tenant(), ex.request(), decision.signals(), rules, decision.policyVersion());
        if (hit.isEmpty()) return new CacheStage.Lookup(exact.key(), CacheStage.Outcome.MISS, null);
        var h = hit.get();
        var entry = new io.computebroker.cache.ResponseCache.Entry(h.response(), h.model(), 0, System.currentTimeMillis() - h.age().toMillis());
        return new CacheStage.Lookup(exact.key(), h.servable() ? CacheStage.Outcome.SEMANTIC_HIT : CacheStage.Outcome.SEMANTIC_SHADOW,
                h.servable() ? entry : null);
    }

    private Double ruleThreshold(Decision d) {
        var rule = policies.current().rule(d.ruleName());
        return rule == null ? null : rule.set().semanticThreshold();
    }

    /** Embedding costs milliseconds, so entries are written off the request path. */
    private void storeSemantic(Exchange ex, Decision d, String model, ChatResponse response) {
        var cfg = policies.current().defaults().semanticCache();
        if (semantic == null || !cfg.enabled() || "off".equals(ex.declared().cache())) return;
        var rules = cfg.rules(ruleThreshold(d));
        if (!semantic.eligible(ex.request(), d.signals(), rules).ok()) return;
        Thread.ofVirtual().start(() -> semantic.store(ex.principal().tenant(), ex.request(), d.signals(), rules, d.policyVersion(),
                model, ex.requestId(), response));
    }

    private Duration cacheTtl() { return Duration.ofMillis(policies.current().defaults().exactCacheTtlMs()); }

    private Dispatcher.Limits limits() {
        var d = policies.current().defaults();
        return new Dispatcher.Limits(d.maxAttemptsPerCandidate(), Duration.ofMillis(d.queueTimeoutMs()));
    }

    /** Records the outcome; returns the request's latency in µs. {@code ttft} -2 means "same as latency". */
    private long settle(Exchange ex, Decision d, ModelConfig served, List<io.computebroker.dispatch.Attempt> attempts,
                        boolean spilled, boolean fellBack, Usage usage, Cost cost, int status, String error, boolean streamed, long ttft,
                        Pending pending, String completion, String cacheOutcome) {
        long micros = (System.nanoTime() - ex.startNanos()) / 1000;
        try (var span = tracing.stage("settle")) {
            settler.settle(new Settlement(ex.requestId(), ex.principal(), d, served, attempts, spilled, fellBack, usage, cost,
                    status, error, streamed, micros, ttft == -2 ? micros : ttft, pending, completion, cacheOutcome, 0));
        }
        return micros;
    }
}
