package io.computebroker.eval.cascade;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.metrics.Metrics;
import io.computebroker.eval.metrics.Outcome;
import io.computebroker.eval.metrics.Point;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Picks a {@link CascadeSpec} on training data: per task, a fixed model or an {@code agree} cascade of two
 * or three cheaper models (unanimous, or two of three: a third model breaks a tie between the first two)
 * escalating to the task's most accurate model; the
 * per-task choices are tied together by one price of accuracy λ (maximise Σ score − λ·Σ cost per task, so
 * every task trades at the same margin), and the λ kept is the one with the best training accuracy whose
 * mean cost stays within {@code maxCostFraction} of the reference (the most accurate single model).
 *
 * <p>Only the training examples are looked at; the result is meant to be measured on held-out data with
 * {@code eval --cascade}. The search space is small on purpose (a few hundred plans per task, one
 * threshold): a per-answer-pattern table or a deep decision tree fits the training set better and the
 * held-out set worse.
 */
public final class CascadeTuner {
    /** A tier model is "cheap" when its mean cost on the task is below this share of the escalation model's. */
    static final double CHEAP_SHARE = 0.5;
    /** A model needs recorded answers on at least this share of a task's examples to sit in a tier. */
    static final double ANSWERED_SHARE = 0.9;

    /** The chosen spec, what it does on the training data, the reference, and the training-side curve over λ. */
    public record Tuned(CascadeSpec spec, Point train, Point reference, double lambda, List<Point> curve) {}

    private record Scored(CascadeSpec.Plan plan, double score, double cost) {}

    private CascadeTuner() {}

    public static Tuned tune(List<RoutingExample> train, double maxCostFraction) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training examples");
        if (!(maxCostFraction > 0)) throw new IllegalArgumentException("max cost fraction must be > 0");
        List<Point> singles = Metrics.singleModelPoints(train);
        Point reference = Metrics.bestSingleModel(singles);
        Map<String, List<RoutingExample>> byTask = new TreeMap<>();
        for (RoutingExample e : train) byTask.computeIfAbsent(Objects.requireNonNullElse(e.task(), "*"), t -> new ArrayList<>()).add(e);
        Map<String, List<Scored>> options = new LinkedHashMap<>();
        byTask.forEach((task, examples) -> options.put(task, score(task, examples, candidates(examples))));

        TreeSet<Double> lambdas = new TreeSet<>();
        lambdas.add(0.0);
        for (int i = 0; i <= 400; i++) lambdas.add(Math.pow(10, i / 50.0));   // 1 .. 1e8 score per USD
        double budget = maxCostFraction * reference.cost() * train.size();
        Map<String, Scored> best = null;
        double bestScore = Double.NEGATIVE_INFINITY, bestLambda = Double.NaN;
        List<Point> curve = new ArrayList<>();
        for (double lambda : lambdas) {
            Map<String, Scored> pick = new LinkedHashMap<>();
            double score = 0, cost = 0;
            for (Map.Entry<String, List<Scored>> t : options.entrySet()) {
                Scored s = t.getValue().stream().max(Comparator.<Scored>comparingDouble(x -> x.score() - lambda * x.cost())
                        .thenComparing(Comparator.comparingDouble(Scored::cost).reversed())).orElseThrow();
                pick.put(t.getKey(), s);
                score += s.score();
                cost += s.cost();
            }
            Point p = new Point(String.format(java.util.Locale.ROOT, "lambda %.4g", lambda), cost / train.size(), score / train.size());
            if (curve.isEmpty() || curve.getLast().cost() != p.cost() || curve.getLast().quality() != p.quality()) curve.add(p);
            if (cost <= budget && score > bestScore) {
                best = pick;
                bestScore = score;
                bestLambda = lambda;
            }
        }
        if (best == null) throw new IllegalArgumentException("no plan fits within " + maxCostFraction + " of " + reference.label() + "'s cost");
        Map<String, CascadeSpec.Plan> plans = new LinkedHashMap<>();
        double cost = 0;
        for (Map.Entry<String, Scored> t : best.entrySet()) {
            plans.put(t.getKey(), t.getValue().plan());
            cost += t.getValue().cost();
        }
        return new Tuned(new CascadeSpec(reference.label(), plans), new Point("cascade (train)", cost / train.size(), bestScore / train.size()),
                reference, bestLambda, curve);
    }

    /** Every fixed model, and agree cascades of 2 or 3 cheap answered models escalating to the task's most accurate model. */
    static List<CascadeSpec.Plan> candidates(List<RoutingExample> examples) {
        List<Point> singles = Metrics.singleModelPoints(examples);
        List<CascadeSpec.Plan> plans = new ArrayList<>();
        for (Point p : singles) plans.add(CascadeSpec.Plan.route(p.label()));
        Point top = Metrics.bestSingleModel(singles);
        List<String> cheap = new ArrayList<>();
        for (Point p : singles) {   // sorted by cost, so tiers list the cheaper model first
            if (p.cost() < CHEAP_SHARE * top.cost() && answeredShare(examples, p.label()) >= ANSWERED_SHARE) cheap.add(p.label());
        }
        for (int a = 0; a < cheap.size(); a++) {
            for (int b = a + 1; b < cheap.size(); b++) {
                plans.add(new CascadeSpec.Plan(null, "agree", List.of(cheap.get(a), cheap.get(b)), null, top.label()));
                for (int c = 0; c < cheap.size(); c++) {
                    if (c == a || c == b) continue;
                    // asked in order and stopped early: the third is a tie-breaker, asked only when the first two differ
                    List<String> three = List.of(cheap.get(a), cheap.get(b), cheap.get(c));
                    plans.add(new CascadeSpec.Plan(null, "agree", three, 2.0 / 3, top.label()));
                    if (c > b) plans.add(new CascadeSpec.Plan(null, "agree", three, null, top.label()));
                }
            }
        }
        return plans;
    }

    private static double answeredShare(List<RoutingExample> examples, String model) {
        long answered = examples.stream().filter(e -> {
            ModelResult r = e.results().get(model);
            return r != null && r.response() != null;
        }).count();
        return (double) answered / examples.size();
    }

    private static List<Scored> score(String task, List<RoutingExample> examples, List<CascadeSpec.Plan> plans) {
        List<Scored> out = new ArrayList<>(plans.size());
        for (CascadeSpec.Plan plan : plans) {
            OfflineCascade run = new OfflineCascade(new CascadeSpec(null, Map.of(task, plan)), null);
            double score = 0, cost = 0;
            for (RoutingExample e : examples) {
                // the example's own task may be null: score it under the plan regardless
                Outcome o = run.serve(new RoutingExample(e.id(), e.prompt(), task, e.results()), 0);
                score += o.score();
                cost += o.costUsd();
            }
            out.add(new Scored(plan, score, cost));
        }
        return out;
    }
}
