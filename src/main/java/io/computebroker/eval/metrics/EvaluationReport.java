package io.computebroker.eval.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Evaluation#run} measured on held-out data. Costs are mean USD per call; "relative" figures
 * are fractions of the best single model's (highest accuracy, ties to the cheaper). {@code name} says what
 * was evaluated ("router", "cascade", "cascade + router"). {@code taskRules}: the cheapest fixed model per
 * task tag reaching 95 %, 98 % and 100 % of the reference's accuracy, chosen in hindsight (a baseline).
 */
public record EvaluationReport(
        int examples,
        List<KnobResult> curve,
        List<Point> singleModels,
        Point bestSingle,
        Point oracle,
        Map<String, Double> oracleShare,
        double aiq,
        double oracleAiq,
        double cMin,
        double cMax,
        Optional<TwoModel> twoModel,
        String name,
        List<TaskRules.Rule> taskRules) {

    /** One knob value: its point, relative figures, call shares, per-prompt decisions, and how many picks had no result. */
    public record KnobResult(double knob, Point point, Metrics.Relative relative, Map<String, Double> share,
                             List<Outcome> decisions, int missing) {}

    /** RouteLLM's figures, present when the data holds exactly two models. */
    public record TwoModel(String weak, String strong, List<RouteLlmMetrics.PgrPoint> pgrCurve,
                           double apgr, double cpt50, double cpt80) {}

    public KnobResult at(double knob) {
        return curve.stream().filter(k -> k.knob() == knob).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("knob " + knob + " was not evaluated"));
    }
}
