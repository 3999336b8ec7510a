package io.computebroker.eval.metrics;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure functions over routed outcomes and routing data. Empty inputs give 0, never NaN, except where noted. */
public final class Metrics {
    private Metrics() {}

    /** Mean score over calls. */
    public static double accuracy(List<Outcome> outcomes) {
        return outcomes.isEmpty() ? 0 : outcomes.stream().mapToDouble(Outcome::score).sum() / outcomes.size();
    }

    public static double totalCost(List<Outcome> outcomes) {
        return outcomes.stream().mapToDouble(Outcome::costUsd).sum();
    }

    public static double meanCost(List<Outcome> outcomes) {
        return outcomes.isEmpty() ? 0 : totalCost(outcomes) / outcomes.size();
    }

    public static Point point(String label, List<Outcome> outcomes) {
        return new Point(label, meanCost(outcomes), accuracy(outcomes));
    }

    /** Fraction of calls each model served, by model name. */
    public static Map<String, Double> callShare(List<Outcome> outcomes) {
        Map<String, Double> share = new TreeMap<>();
        for (Outcome o : outcomes) share.merge(o.model(), 1.0 / outcomes.size(), Double::sum);
        return share;
    }

    /** A point's cost and quality as fractions of a reference's (the best single model, usually). */
    public record Relative(double cost, double quality) {}

    public static Relative relative(Point p, Point reference) {
        return new Relative(ratio(p.cost(), reference.cost()), ratio(p.quality(), reference.quality()));
    }

    private static double ratio(double a, double b) { return b == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : a / b; }

    /** What happens when every prompt goes to {@code model}; prompts it was not run on are skipped. */
    public static List<Outcome> always(String model, List<RoutingExample> examples) {
        List<Outcome> out = new ArrayList<>();
        for (RoutingExample e : examples) {
            ModelResult r = e.results().get(model);
            if (r != null) out.add(new Outcome(e.id(), model, r.score(), r.costUsd()));
        }
        return out;
    }

    /** Every model's always-this-model point, sorted by cost. */
    public static List<Point> singleModelPoints(List<RoutingExample> examples) {
        TreeMap<String, Boolean> models = new TreeMap<>();
        for (RoutingExample e : examples) for (String m : e.results().keySet()) models.put(m, true);
        List<Point> points = new ArrayList<>();
        for (String m : models.keySet()) points.add(point(m, always(m, examples)));
        points.sort(Comparator.comparingDouble(Point::cost));
        return points;
    }

    /** The highest-quality single model; ties go to the cheaper one. */
    public static Point bestSingleModel(List<Point> singles) {
        return singles.stream().max(Comparator.comparingDouble(Point::quality)
                .thenComparing(Comparator.comparingDouble(Point::cost).reversed())).orElseThrow();
    }

    /**
     * The oracle's pick for one prompt: the cheapest model with a perfect score (1), otherwise the cheapest
     * model overall (when nobody gets it right, paying more buys nothing). Ties on cost go by name.
     */
    public static String oracleChoice(RoutingExample e) {
        Comparator<Map.Entry<String, ModelResult>> cheapest = Comparator
                .<Map.Entry<String, ModelResult>>comparingDouble(x -> x.getValue().costUsd()).thenComparing(Map.Entry::getKey);
        return e.results().entrySet().stream().filter(x -> x.getValue().score() >= 1).min(cheapest)
                .or(() -> e.results().entrySet().stream().min(cheapest)).orElseThrow().getKey();
    }

    public static List<Outcome> oracle(List<RoutingExample> examples) {
        List<Outcome> out = new ArrayList<>();
        for (RoutingExample e : examples) {
            String m = oracleChoice(e);
            ModelResult r = e.results().get(m);
            out.add(new Outcome(e.id(), m, r.score(), r.costUsd()));
        }
        return out;
    }
}
