package io.computebroker.eval.metrics;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.router.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Runs a router (or any {@link Strategy}) over held-out examples at each knob value and computes every metric in one report. */
public final class Evaluation {
    private Evaluation() {}

    /** Accuracy levels, as fractions of the best single model's, at which the per-task rule baseline is reported. */
    static final List<Double> RULE_LEVELS = List.of(0.95, 0.98, 1.0);

    /**
     * How one example is served at one knob value: the models called, the answer used, score and total cost.
     * A router is the one-call case; an offline cascade calls several models.
     */
    @FunctionalInterface
    public interface Strategy {
        Outcome serve(RoutingExample e, double knob);
    }

    /** A router as a strategy. A pick the data has no result for counts as a failed, free call (visible in {@code missing}). */
    public static Strategy of(Router router) {
        return (e, knob) -> {
            String m = router.choose(e.prompt(), e.task(), knob);
            ModelResult r = e.results().get(m);
            return new Outcome(e.id(), m, r == null ? 0 : r.score(), r == null ? 0 : r.costUsd());
        };
    }

    public static EvaluationReport run(Router router, List<RoutingExample> heldOut, List<Double> knobs) {
        return run(of(router), heldOut, knobs);
    }

    public static EvaluationReport run(Strategy strategy, List<RoutingExample> heldOut, List<Double> knobs) {
        return run(strategy, "router", heldOut, knobs);
    }

    /** @param name what is evaluated, for the report's labels ("router", "cascade", …) */
    public static EvaluationReport run(Strategy strategy, String name, List<RoutingExample> heldOut, List<Double> knobs) {
        if (heldOut.isEmpty()) throw new IllegalArgumentException("no held-out examples");
        if (knobs.isEmpty()) throw new IllegalArgumentException("no knob values");
        List<Point> singles = Metrics.singleModelPoints(heldOut);
        Point best = Metrics.bestSingleModel(singles);
        List<Outcome> oracle = Metrics.oracle(heldOut);

        List<EvaluationReport.KnobResult> curve = new ArrayList<>();
        for (double knob : new TreeSet<>(knobs)) {
            List<Outcome> outcomes = new ArrayList<>(heldOut.size());
            int missing = 0;
            for (RoutingExample e : heldOut) {
                Outcome o = strategy.serve(e, knob);
                // A call the data has no result for counts as failed and free: visible in `missing`, not hidden.
                if (!e.results().keySet().containsAll(o.called())) missing++;
                outcomes.add(o);
            }
            Point p = Metrics.point("knob " + knob, outcomes);
            curve.add(new EvaluationReport.KnobResult(knob, p, Metrics.relative(p, best), Metrics.callShare(outcomes),
                    List.copyOf(outcomes), missing));
        }
        double cMin = singles.getFirst().cost(), cMax = singles.getLast().cost();
        List<Point> routerPoints = curve.stream().map(EvaluationReport.KnobResult::point).toList();
        Point oraclePoint = Metrics.point("oracle", oracle);
        boolean rangeOk = cMax > cMin;
        return new EvaluationReport(heldOut.size(), List.copyOf(curve), singles, best, oraclePoint, Metrics.callShare(oracle),
                rangeOk ? Aiq.aiq(routerPoints, cMin, cMax) : Double.NaN,
                rangeOk ? Aiq.aiq(List.of(oraclePoint), cMin, cMax) : Double.NaN,
                cMin, cMax, twoModel(singles, curve), name, TaskRules.cheapest(heldOut, best, RULE_LEVELS));
    }

    /** Weak = the lower-quality of the two models, strong = the higher; PGR per knob against the strong-call share. */
    private static Optional<EvaluationReport.TwoModel> twoModel(List<Point> singles, List<EvaluationReport.KnobResult> curve) {
        if (singles.size() != 2 || singles.get(0).quality() == singles.get(1).quality()) return Optional.empty();
        Point weak = singles.get(0).quality() < singles.get(1).quality() ? singles.get(0) : singles.get(1);
        Point strong = weak == singles.get(0) ? singles.get(1) : singles.get(0);
        List<RouteLlmMetrics.PgrPoint> pgr = curve.stream().map(k -> new RouteLlmMetrics.PgrPoint(
                k.share().getOrDefault(strong.label(), 0.0),
                RouteLlmMetrics.pgr(k.point().quality(), weak.quality(), strong.quality()))).toList();
        return Optional.of(new EvaluationReport.TwoModel(weak.label(), strong.label(), pgr,
                RouteLlmMetrics.apgr(pgr), RouteLlmMetrics.cpt(pgr, 0.5), RouteLlmMetrics.cpt(pgr, 0.8)));
    }
}
