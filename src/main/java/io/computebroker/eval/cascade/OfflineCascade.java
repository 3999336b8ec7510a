package io.computebroker.eval.cascade;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.metrics.Evaluation;
import io.computebroker.eval.metrics.Outcome;
import io.computebroker.eval.router.Router;
import io.computebroker.policy.Answers;
import io.computebroker.policy.Cascade;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Serves recorded examples the way a cascade would have served them live, from the models' recorded
 * answers: the tier's answers go through the live check ({@link Cascade}, {@link Answers}); when the
 * check fails, the escalation model's recorded result is used. The check sees only the answers — the
 * 0/1 scores decide nothing, they are only what gets counted. Cost is the sum over every model called;
 * an escalation to a model already called reuses its answer at no extra cost.
 *
 * <p>A called model with no recorded result (a blank cell) counts as a blank answer at no cost and is
 * reported in {@code missing}. Escalation goes to the plan's {@code escalate}, else the spec's, else the
 * router's choice at the knob value.
 */
public final class OfflineCascade implements Evaluation.Strategy {
    private final CascadeSpec spec;
    private final Router router;   // may be null

    public OfflineCascade(CascadeSpec spec, Router router) {
        this.spec = spec;
        this.router = router;
    }

    /** Whether the knob changes anything (only a router does). */
    public boolean usesKnob() { return router != null; }

    /**
     * Fails when the data cannot support the spec: a cascade model with no recorded answers (e.g. a file
     * imported before responses were kept) would silently look like a model that never agrees.
     */
    public void validate(List<RoutingExample> data) {
        Set<String> needAnswers = new LinkedHashSet<>();
        for (CascadeSpec.Plan p : spec.tasks().values()) if (p.models() != null) needAnswers.addAll(p.models());
        for (String m : needAnswers) {
            boolean seen = false, answered = false;
            for (RoutingExample e : data) {
                ModelResult r = e.results().get(m);
                if (r == null) continue;
                seen = true;
                if (r.response() != null) { answered = true; break; }
            }
            if (seen && !answered) {
                throw new IllegalArgumentException("the data has no recorded answers for cascade model " + m
                        + " (re-import it: the importer now keeps each model's \"response\")");
            }
        }
        if (router == null && spec.escalate() == null) {
            for (RoutingExample e : data) {
                CascadeSpec.Plan p = spec.planFor(e.task());
                if (p == null || (p.route() == null && p.escalate() == null)) {
                    throw new IllegalArgumentException("task " + e.task() + " needs a plan with route or escalate, a default escalate, or --router");
                }
            }
        }
    }

    @Override
    public Outcome serve(RoutingExample e, double knob) {
        CascadeSpec.Plan plan = spec.planFor(e.task());
        if (plan == null) return single(e, escalation(null, e, knob));
        if (plan.route() != null) return single(e, plan.route());
        Cascade c = plan.cascade();
        List<String> called = new ArrayList<>();
        double cost = 0;
        if (c.learned()) {
            // every tier model answers (the scorer reads the whole pattern), then the scorer serves or escalates
            List<String> answers = new ArrayList<>();
            for (String m : c.models()) {
                ModelResult r = e.results().get(m);
                called.add(m);
                answers.add(r == null ? null : r.response());
                cost += r == null ? 0 : r.costUsd();
            }
            int chosen = c.scorer().decide(answers);
            if (chosen >= 0) return outcome(e, c.models().get(chosen), cost, called);
        } else if (c.agree()) {
            // Asked one at a time, in order, stopping once the outcome is known (as the live cascade does).
            List<String> answers = new ArrayList<>();
            int verdict = Answers.UNDECIDED;
            for (String m : c.models()) {
                ModelResult r = e.results().get(m);
                called.add(m);
                answers.add(r == null ? null : r.response());
                cost += r == null ? 0 : r.costUsd();
                verdict = Answers.decide(answers, c.models().size(), c.quorumOrDefault());
                if (verdict != Answers.UNDECIDED) break;
            }
            if (verdict >= 0) return outcome(e, c.models().get(verdict), cost, called);
        } else {
            for (String m : c.models()) {
                ModelResult r = e.results().get(m);
                called.add(m);
                cost += r == null ? 0 : r.costUsd();
                if (r != null && c.passes(r.response())) return outcome(e, m, cost, called);
            }
        }
        String up = escalation(plan, e, knob);
        if (!called.contains(up)) {
            called.add(up);
            ModelResult r = e.results().get(up);
            cost += r == null ? 0 : r.costUsd();
        }
        return outcome(e, up, cost, called);
    }

    private String escalation(CascadeSpec.Plan plan, RoutingExample e, double knob) {
        if (plan != null && plan.escalate() != null) return plan.escalate();
        if (spec.escalate() != null) return spec.escalate();
        if (router != null) return router.choose(e.prompt(), e.task(), knob);
        throw new IllegalArgumentException("no escalation model for task " + e.task() + " (set escalate, or give a router)");
    }

    private static Outcome single(RoutingExample e, String model) {
        ModelResult r = e.results().get(model);
        return new Outcome(e.id(), model, r == null ? 0 : r.score(), r == null ? 0 : r.costUsd());
    }

    private static Outcome outcome(RoutingExample e, String answering, double cost, List<String> called) {
        ModelResult r = e.results().get(answering);
        return new Outcome(e.id(), answering, r == null ? 0 : r.score(), cost, called);
    }
}
