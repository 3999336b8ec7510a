package io.computebroker.decide;

import io.computebroker.capacity.Capacity;
import io.computebroker.classify.Signals;
import io.computebroker.config.Boundary;
import io.computebroker.config.Capability;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.dispatch.Breakers;
import io.computebroker.dispatch.BoundaryGuard;
import io.computebroker.identify.Principal;
import io.computebroker.policy.Constraints;
import io.computebroker.policy.Objective;
import io.computebroker.policy.Policy;
import io.computebroker.policy.PolicyStore;
import io.computebroker.policy.Rule;
import io.computebroker.policy.Substitution;
import io.computebroker.provider.ProviderStatus;
import io.computebroker.provider.Providers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The decide stage: every chat model becomes a {@link Candidate}, kept or rejected with a reason;
 * the kept ones are ordered by the objective (default: minimum expected cost per accepted output).
 * The first is the choice; the rest are fallbacks that satisfy the same constraints.
 */
public final class Router {
    public static final Set<String> AUTO_NAMES = Set.of("auto", "broker/auto");

    private final ModelCatalog catalog;
    private final Providers providers;
    private final PolicyStore policies;
    private final Breakers breakers;
    private final Capacity capacity;
    private final LatencyEstimates latency;
    private final io.computebroker.eval.live.QualityFeedback feedback;
    private final OwnedPricing owned;

    public Router(ModelCatalog catalog, Providers providers, PolicyStore policies, Breakers breakers, Capacity capacity,
                  LatencyEstimates latency) {
        this(catalog, providers, policies, breakers, capacity, latency, new io.computebroker.eval.live.QualityFeedback());
    }

    /** With measured quality from shadow and canary trials, which replaces the policy's priors once there is enough. */
    public Router(ModelCatalog catalog, Providers providers, PolicyStore policies, Breakers breakers, Capacity capacity,
                  LatencyEstimates latency, io.computebroker.eval.live.QualityFeedback feedback) {
        this(catalog, providers, policies, breakers, capacity, latency, feedback, null);
    }

    /** With owned hardware priced by {@code owned} (measured utilisation); null: the in-flight share of capacity. */
    public Router(ModelCatalog catalog, Providers providers, PolicyStore policies, Breakers breakers, Capacity capacity,
                  LatencyEstimates latency, io.computebroker.eval.live.QualityFeedback feedback, OwnedPricing owned) {
        this.owned = owned != null ? owned : OwnedPricing.inFlight(providers, capacity);
        this.feedback = feedback;
        this.catalog = catalog;
        this.providers = providers;
        this.policies = policies;
        this.breakers = breakers;
        this.capacity = capacity;
        this.latency = latency;
    }

    public Decision decide(String requestedModel, Signals signals, Principal principal) {
        return decide(requestedModel, signals, principal, null);
    }

    /** @param taskText the prompt's instruction text, for a policy with a learned router (null: priors only) */
    public Decision decide(String requestedModel, Signals signals, Principal principal, String taskText) {
        RouteContext ctx = context(requestedModel, signals, principal, taskText);
        List<Candidate> all = new ArrayList<>();
        List<ModelConfig> kept = new ArrayList<>();
        for (ModelConfig m : catalog.all()) {
            if (!m.can(Capability.CHAT)) continue;
            Candidate c = evaluate(m, ctx);
            all.add(c);
            if (c.eligible()) kept.add(m);
        }
        double floor = effectiveFloor(ctx, kept);
        List<ModelConfig> meeting = ctx.mode() == Substitution.EXACT ? kept
                : kept.stream().filter(m -> quality(ctx, m.id()) >= floor).toList();
        boolean belowFloor = meeting.isEmpty() && !kept.isEmpty();
        List<ModelConfig> order = new ArrayList<>(belowFloor ? kept : meeting);
        if (order.isEmpty()) throw refusal(ctx, all);
        order.sort(comparator(belowFloor ? Objective.QUALITY : ctx.objective(), ctx));
        for (int i = 0; i < all.size(); i++) {
            Candidate c = all.get(i);
            if (c.eligible() && !order.contains(catalog.find(c.model()).orElseThrow())) {
                all.set(i, new Candidate(c.model(), c.provider(), c.boundary(), false,
                        String.format(java.util.Locale.ROOT, "quality %.2f below floor %.2f", c.quality(), floor),
                        c.expectedCostUsd(), c.quality(), c.costPerAccepted(), c.expectedLatencyMs()));
            }
        }
        return new Decision("dec_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36),
                ctx.policy().version(), ctx.ruleName(), ctx.mode(), ctx.objective(), requestedModel, signals, floor,
                belowFloor, all, order, expectedCost(order.get(0), ctx));
    }

    /**
     * With a learned router, "good enough" is relative to this prompt: within the willingness X of the
     * best predicted acceptance among the models still allowed. Without one, the policy's floor.
     */
    private double effectiveFloor(RouteContext ctx, List<ModelConfig> kept) {
        if (ctx.learned() == null || ctx.learned().isEmpty()) return ctx.floor();
        double best = kept.stream().filter(m -> ctx.learned().containsKey(m.id())).mapToDouble(m -> ctx.learned().get(m.id())).max().orElse(-1);
        return best < 0 ? ctx.floor() : best - ctx.willingness();
    }

    private RouteContext context(String requestedModel, Signals s, Principal p, String taskText) {
        Policy policy = policies.current();
        Rule rule = policy.match(s, p, requestedModel);
        Constraints c = rule == null ? Constraints.NONE : rule.set();
        ModelConfig requested = catalog.find(requestedModel).orElse(null);
        Substitution mode = p.substitution() != null ? p.substitution()
                : c.substitution() != null ? c.substitution() : policy.defaults().substitution();
        if (AUTO_NAMES.contains(requestedModel)) mode = Substitution.AUTO;
        if (requested == null && mode == Substitution.EXACT) {
            throw new BrokerException(ErrorKind.NOT_FOUND, "model '" + requestedModel
                    + "' does not exist; GET /v1/models lists the models this broker serves, or ask for 'auto'", "model");
        }
        if (requested == null) mode = Substitution.AUTO; // an unknown name under ceiling/auto carries no ceiling
        Set<Boundary> boundaries = EnumSet.copyOf(BoundaryGuard.allowed(s.sensitivity()));
        if (c.boundaries() != null) boundaries.retainAll(c.boundaries());
        BigDecimal maxCost = min(s.maxCostUsd(), c.maxCostUsd());
        Long latencyTarget = s.latencyTargetMs() != null ? s.latencyTargetMs() : c.latencyTargetMs();
        int expectedOut = policy.expectedOutputTokens(s.task());
        if (s.maxOutputTokens() != null) expectedOut = Math.min(expectedOut, s.maxOutputTokens());
        var learned = policy.learnedAcceptance(taskText, s.task());
        double willingness = c.willingness() != null ? c.willingness()
                : policy.defaults().learned() == null ? 0 : policy.defaults().learned().willingness();
        RouteContext partial = new RouteContext(s, policy, rule == null ? "default" : rule.name(), c, mode,
                c.objective() != null ? c.objective() : policy.defaults().objective(), requested, null, boundaries,
                policy.floor(s.task(), s.complexity(), c.qualityFloor()), maxCost, latencyTarget, expectedOut, learned, willingness);
        BigDecimal ceiling = mode == Substitution.CEILING ? expectedCost(requested, partial) : null;
        return new RouteContext(s, policy, partial.ruleName(), c, mode, partial.objective(), requested, ceiling, boundaries,
                partial.floor(), maxCost, latencyTarget, expectedOut, learned, willingness);
    }

    private Candidate evaluate(ModelConfig m, RouteContext ctx) {
        Signals s = ctx.signals();
        BigDecimal cost = expectedCost(m, ctx);
        double quality = quality(ctx, m.id());
        BigDecimal perAccepted = quality <= 0 ? null : cost.divide(BigDecimal.valueOf(quality), 9, RoundingMode.HALF_UP);
        Long lat = latency.estimate(m.id());
        String reject = rejection(m, ctx, cost, lat);
        return new Candidate(m.id(), m.provider(), m.boundary().wire(), reject == null, reject == null ? "eligible" : reject,
                cost, quality, perAccepted, lat);
    }

    /** Null when the model passes every hard constraint; otherwise why not (the first failing check). */
    private String rejection(ModelConfig m, RouteContext ctx, BigDecimal cost, Long lat) {
        Signals s = ctx.signals();
        Constraints c = ctx.rule();
        if (ctx.mode() == Substitution.EXACT && !m.id().equals(ctx.requested().id())) return "not requested (exact)";
        if (ctx.mode() == Substitution.CEILING && !m.id().equals(ctx.requested().id()) && cost.compareTo(ctx.ceilingUsd()) > 0) {
            return "costs more than the requested " + ctx.requested().id() + " (ceiling)";
        }
        if (!ctx.boundaries().contains(m.boundary())) {
            return "boundary " + m.boundary().wire() + " not allowed for " + s.sensitivity().wire()
                    + (BoundaryGuard.allowed(s.sensitivity()).contains(m.boundary()) ? " by rule " + ctx.ruleName() : " data");
        }
        if (c.allowProviders() != null && !c.allowProviders().contains(m.provider())) return "provider not allowed by rule " + ctx.ruleName();
        if (c.denyProviders().contains(m.provider())) return "provider denied by rule " + ctx.ruleName();
        ProviderStatus status = providers.status(m.provider());
        if (status == null || !status.available()) return "unavailable: " + (status == null ? "no provider" : status.reason());
        if (breakers.of(m.provider()).isOpen()) return "circuit open for provider " + m.provider();
        if (s.hasTools() && !m.can(Capability.TOOLS)) return "no tool support";
        if (s.hasImages() && !m.can(Capability.VISION)) return "no image input";
        if (s.wantsJson() && !m.can(Capability.JSON)) return "no JSON mode";
        if (s.promptTokens() + ctx.expectedOutputTokens() > m.contextWindow()) {
            return "context window " + m.contextWindow() + " < " + s.promptTokens() + " prompt tokens + output";
        }
        if (ctx.maxCostUsd() != null && cost.compareTo(ctx.maxCostUsd()) > 0) {
            return "expected $" + cost.setScale(6, RoundingMode.HALF_UP).toPlainString() + " over the $" + ctx.maxCostUsd().toPlainString() + " ceiling";
        }
        if (ctx.latencyTargetMs() != null && lat != null && lat > ctx.latencyTargetMs()) {
            return "expected " + lat + " ms over the " + ctx.latencyTargetMs() + " ms target";
        }
        return null;
    }

    private Comparator<ModelConfig> comparator(Objective objective, RouteContext ctx) {
        Comparator<ModelConfig> byCost = Comparator.comparing(m -> expectedCost(m, ctx));
        Comparator<ModelConfig> byQuality = Comparator.comparingDouble(m -> -quality(ctx, m.id()));
        return switch (objective) {
            case CHEAPEST -> Comparator.<ModelConfig, BigDecimal>comparing(m -> expectedCost(m, ctx)
                    .divide(BigDecimal.valueOf(Math.max(1e-6, quality(ctx, m.id()))), 12, RoundingMode.HALF_UP))
                    .thenComparing(byQuality).thenComparing(ModelConfig::id);
            case QUALITY -> byQuality.thenComparing(byCost).thenComparing(ModelConfig::id);
            case FASTEST -> Comparator.<ModelConfig>comparingLong(m -> {
                Long l = latency.estimate(m.id());
                return l == null ? Long.MAX_VALUE : l;
            }).thenComparing(byCost).thenComparing(ModelConfig::id);
        };
    }

    /** Per-prompt prediction when a learned router knows the model; else measured quality; else the prior. */
    private double quality(RouteContext ctx, String model) {
        if (ctx.learned() != null) {
            Double p = ctx.learned().get(model);
            if (p != null) return p;
        }
        return feedback.quality(model, ctx.signals().task(), ctx.policy().quality(model, ctx.signals().task()));
    }

    /** Prompt tokens at the input price plus the expected answer at the output price (owned: effective price). */
    BigDecimal expectedCost(ModelConfig m, RouteContext ctx) {
        PriceView p = PriceView.of(m, owned, ctx.signals().promptTokens());
        return p.cost(ctx.signals().promptTokens(), ctx.expectedOutputTokens());
    }

    private static BigDecimal min(BigDecimal a, BigDecimal b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.min(b);
    }

    /** No candidate left: the error a caller can act on, chosen by what rejected the models. */
    private static BrokerException refusal(RouteContext ctx, List<Candidate> all) {
        Candidate focus = ctx.requested() != null
                ? all.stream().filter(c -> c.model().equals(ctx.requested().id())).findFirst().orElse(null) : null;
        String detail = focus != null ? focus.model() + ": " + focus.reason()
                : all.stream().map(c -> c.model() + ": " + c.reason()).limit(6).reduce((a, b) -> a + "; " + b).orElse("no chat models configured");
        String reason = focus != null ? focus.reason() : all.isEmpty() ? "" : all.get(0).reason();
        ErrorKind kind = reason.startsWith("boundary") ? ErrorKind.PERMISSION
                : reason.startsWith("unavailable") || reason.startsWith("circuit") ? ErrorKind.UNAVAILABLE
                : ErrorKind.INVALID_REQUEST;
        return new BrokerException(kind, "no model can serve this request (" + ctx.mode().wire() + ", "
                + ctx.signals().sensitivity().wire() + ", task " + ctx.signals().task().wire() + "): " + detail, "model");
    }
}
