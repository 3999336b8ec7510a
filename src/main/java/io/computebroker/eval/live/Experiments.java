package io.computebroker.eval.live;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatResponse;
import io.computebroker.decide.Candidate;
import io.computebroker.decide.Decision;
import io.computebroker.policy.Experiment;
import io.computebroker.policy.PolicyStore;
import io.computebroker.policy.Rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Shadow and canary trials of candidate models, as policy rules declare them. Trials never widen what a
 * request may do: the candidate must pass every hard constraint of the decision (boundary included).
 * Canary outcomes roll a canary back automatically (audit-logged); shadow and canary scores feed
 * {@link QualityFeedback}, which the router ranks with.
 */
public final class Experiments {
    private static final Logger LOG = Logger.getLogger(Experiments.class.getName());

    private final PolicyStore policies;
    private final QualityFeedback feedback;
    private final AuditLog audit;
    private final Function<String, Optional<ModelConfig>> catalog;
    private final Map<String, CanaryState> canaries = new ConcurrentHashMap<>();

    public Experiments(PolicyStore policies, QualityFeedback feedback, AuditLog audit, Function<String, Optional<ModelConfig>> catalog) {
        this.policies = policies;
        this.feedback = feedback;
        this.audit = audit;
        this.catalog = catalog;
    }

    /** Counts for one canary (rule × model); {@code rolledBack} is sticky until the policy changes. */
    public static final class CanaryState {
        long calls, errors, passes;
        volatile boolean rolledBack;
        final String policyVersion;

        CanaryState(String policyVersion) { this.policyVersion = policyVersion; }

        public synchronized long calls() { return calls; }
        public boolean rolledBack() { return rolledBack; }
    }

    private Rule rule(Decision d) {
        return policies.current().rule(d.ruleName());
    }

    /** The candidate may take this request only if it passed the decision's hard constraints. */
    public Optional<ModelConfig> admissible(Decision d, String model) {
        for (Candidate c : d.candidates()) {
            if (c.model().equals(model) && (c.eligible() || c.reason().startsWith("quality"))) return catalog.apply(model);
        }
        return Optional.empty();
    }

    /** Maybe serves this request with the rule's canary first (the normal order stays as fallback). */
    public Decision canary(Decision d) {
        if (isJudging(d)) return d;
        Rule r = rule(d);
        Experiment e = r == null ? null : r.set().canary();
        if (e == null || ThreadLocalRandom.current().nextDouble() >= e.share()) return d;
        CanaryState s = state(r, e);
        if (s.rolledBack) return d;
        Optional<ModelConfig> m = admissible(d, e.model());
        if (m.isEmpty()) return d;
        List<ModelConfig> order = new ArrayList<>();
        order.add(m.get());
        d.order().stream().filter(x -> !x.id().equals(e.model())).forEach(order::add);
        return d.withOrder(order, "canary:" + e.model());
    }

    /** Records how the canary did on a request it served (or failed); rolls it back when it underperforms. */
    public void afterCanary(Decision d, ModelConfig served, boolean failed, ChatResponse response) {
        if (!d.rule().contains("+canary:")) return;
        Rule r = rule(d);
        Experiment e = r == null ? null : r.set().canary();
        if (e == null) return;
        CanaryState s = state(r, e);
        boolean error = failed || served == null || !served.id().equals(e.model());
        // Streams are judged by their errors only (no whole answer is kept); a reference scorer has nothing to compare with.
        Scorer scorer = Scorer.of(e.scorer());
        double score = error ? 0 : response == null || scorer.needsReference() ? 1 : scorer.score(null, response);
        feedback.record(e.model(), d.signals().task(), score);
        synchronized (s) {
            s.calls++;
            if (error) s.errors++;
            if (score >= 0.5) s.passes++;
            if (s.rolledBack || s.calls < e.minSamples()) return;
            double errorRate = (double) s.errors / s.calls, passRate = (double) s.passes / s.calls;
            if (errorRate > e.maxErrorRate() || passRate < e.minScore()) {
                s.rolledBack = true;
                audit.record("broker", "canary-rollback", "rule " + r.name() + ", model " + e.model() + ", policy " + s.policyVersion
                        + ": " + s.calls + " calls, error rate " + fmt(errorRate) + " (max " + fmt(e.maxErrorRate()) + "), pass rate "
                        + fmt(passRate) + " (min " + fmt(e.minScore()) + ")");
            }
        }
    }

    /** The shadow trial for this request, if the rule has one and the dice say so: (candidate model, scorer). */
    public Optional<ModelConfig> shadowFor(Decision d) {
        if (isJudging(d)) return Optional.empty();
        Rule r = rule(d);
        Experiment e = r == null ? null : r.set().shadow();
        if (e == null || ThreadLocalRandom.current().nextDouble() >= e.share()) return Optional.empty();
        return admissible(d, e.model()).filter(m -> !m.id().equals(d.chosen().id()));
    }

    /** Grades a candidate answer against a reference with a model, through the broker (see {@code judge:<model>}). */
    @FunctionalInterface
    public interface Judge {
        double grade(String judgeModel, ChatResponse reference, ChatResponse candidate);
    }

    /** Scores a shadow answer against the primary and feeds the quality table. */
    public double scoreShadow(Decision d, ChatResponse primary, ChatResponse candidate, String candidateModel, Judge judge) {
        Rule r = rule(d);
        Experiment e = r == null ? null : r.set().shadow();
        double score = e == null ? 0 : e.scorer().startsWith("judge:")
                ? judge.grade(e.scorer().substring("judge:".length()), primary, candidate)
                : Scorer.of(e.scorer()).score(primary, candidate);
        feedback.record(candidateModel, d.signals().task(), score);
        LOG.info("shadow " + candidateModel + " scored " + score + " on " + d.signals().task().wire() + " (decision " + d.id() + ")");
        return score;
    }

    /** A judge's own call is never itself put on trial (that would recurse). */
    private static boolean isJudging(Decision d) { return "judge".equals(d.signals().feature()); }

    public CanaryState canaryState(String rule, String model) { return canaries.get(rule + "|" + model); }

    private CanaryState state(Rule r, Experiment e) {
        String version = policies.current().version();
        return canaries.compute(r.name() + "|" + e.model(),
                (k, s) -> s == null || !s.policyVersion.equals(version) ? new CanaryState(version) : s);
    }

    private static String fmt(double v) { return String.format(java.util.Locale.ROOT, "%.2f", v); }
}
