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

    /** A learned option: the tier, the scorer's threshold and the escalation model (fitted and written only if chosen). */
    record Learned(List<String> tier, double threshold, String escalate) {}

    /** One option for a task: a plan, or a learned option; its summed training score and cost. */
    record Scored(CascadeSpec.Plan plan, Learned learned, double score, double cost) {}

    /** Folds for the learned scorers' out-of-fold estimates (thresholds are chosen on those, not on fitted data). */
    static final int FOLDS = 5;

    private CascadeTuner() {}

    public static Tuned tune(List<RoutingExample> train, double maxCostFraction) {
        return tune(train, maxCostFraction, null, false);
    }

    /**
     * As {@link #tune(List, double)}; with {@code scorerFile} (task → where to write its scorer) the options also
     * include {@code learned} cascades: every pair and triple of cheap models all answer and a trained
     * {@link io.computebroker.policy.EscalationScorer} decides, at every threshold 0.00–0.99; the chosen task's
     * scorer is refitted on all its training examples and written to that file. With {@code fillBudget} the
     * budget left between two corners of the λ hull is spent by an exact per-task choice under the cap
     * ({@link #knapsack}): more training accuracy, but it picks options off the hull (less accuracy per dollar)
     * and fills the cap to the brim on training data, so held-out cost can land just above it.
     */
    public static Tuned tune(List<RoutingExample> train, double maxCostFraction, java.util.function.Function<String, java.nio.file.Path> scorerFile,
                             boolean fillBudget) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training examples");
        if (!(maxCostFraction > 0)) throw new IllegalArgumentException("max cost fraction must be > 0");
        List<Point> singles = Metrics.singleModelPoints(train);
        Point reference = Metrics.bestSingleModel(singles);
        Map<String, List<RoutingExample>> byTask = new TreeMap<>();
        for (RoutingExample e : train) byTask.computeIfAbsent(Objects.requireNonNullElse(e.task(), "*"), t -> new ArrayList<>()).add(e);
        Map<String, List<Scored>> options = new LinkedHashMap<>();
        byTask.forEach((task, examples) -> {
            List<Scored> o = score(task, examples, candidates(examples));
            if (scorerFile != null) o.addAll(learnedOptions(examples));
            options.put(task, o);
        });

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
        // One price of accuracy only reaches the corners of the tasks' combined hull; the cap usually falls between
        // two corners. On request the budget left over is spent by an exact choice per task under the cap (a knapsack).
        Map<String, Scored> packed = fillBudget ? knapsack(options, budget) : null;
        double packedScore = packed == null ? Double.NEGATIVE_INFINITY : packed.values().stream().mapToDouble(Scored::score).sum();
        if (packedScore > bestScore + 1e-9) {
            best = packed;
            bestScore = packedScore;
            bestLambda = Double.NaN;
        }
        Map<String, CascadeSpec.Plan> plans = new LinkedHashMap<>();
        double cost = 0;
        for (Map.Entry<String, Scored> t : best.entrySet()) {
            Learned l = t.getValue().learned();
            if (l == null) {
                plans.put(t.getKey(), t.getValue().plan());
            } else {
                java.nio.file.Path file = scorerFile.apply(t.getKey());
                ScorerTrainer.fit(byTask.get(t.getKey()), l.tier(), l.threshold()).save(file);
                plans.put(t.getKey(), new CascadeSpec.Plan(null, "learned:" + file, l.tier(), null, l.escalate()));
            }
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
            out.add(new Scored(plan, null, score, cost));
        }
        return out;
    }

    /** Learned options for one task: per tier of 2 or 3 cheap models, the out-of-fold outcome at every threshold. */
    private static List<Scored> learnedOptions(List<RoutingExample> examples) {
        List<Point> singles = Metrics.singleModelPoints(examples);
        Point top = Metrics.bestSingleModel(singles);
        List<String> cheap = new ArrayList<>();
        for (Point p : singles) {
            if (p.cost() < CHEAP_SHARE * top.cost() && answeredShare(examples, p.label()) >= ANSWERED_SHARE) cheap.add(p.label());
        }
        List<List<String>> tiers = new ArrayList<>();
        for (int a = 0; a < cheap.size(); a++) {
            for (int b = a + 1; b < cheap.size(); b++) {
                tiers.add(List.of(cheap.get(a), cheap.get(b)));
                for (int c = b + 1; c < cheap.size(); c++) tiers.add(List.of(cheap.get(a), cheap.get(b), cheap.get(c)));
            }
        }
        List<Scored> out = new ArrayList<>();
        for (List<String> tier : tiers) {
            double[] p = ScorerTrainer.outOfFold(examples, tier, FOLDS);
            double[] vw = ScorerTrainer.voteWeights(examples, tier);
            int n = examples.size();
            double[] tierCost = new double[n], served = new double[n], upScore = new double[n], upCost = new double[n];
            boolean[] answerable = new boolean[n];
            for (int i = 0; i < n; i++) {
                RoutingExample e = examples.get(i);
                for (String m : tier) {
                    ModelResult r = e.results().get(m);
                    tierCost[i] += r == null ? 0 : r.costUsd();
                }
                int w = io.computebroker.policy.EscalationScorer.read(ScorerTrainer.replies(e, tier), vw).winner();
                answerable[i] = w >= 0;
                ModelResult sr = w < 0 ? null : e.results().get(tier.get(w));
                served[i] = sr == null ? 0 : sr.score();
                ModelResult ur = e.results().get(top.label());
                upScore[i] = ur == null ? 0 : ur.score();
                upCost[i] = tier.contains(top.label()) || ur == null ? 0 : ur.costUsd();
            }
            for (int t = 0; t < 100; t++) {
                double threshold = t / 100.0, score = 0, cost = 0;
                for (int i = 0; i < n; i++) {
                    cost += tierCost[i];
                    if (answerable[i] && p[i] >= threshold) {
                        score += served[i];
                    } else {
                        score += upScore[i];
                        cost += upCost[i];
                    }
                }
                out.add(new Scored(null, new Learned(tier, threshold, top.label()), score, cost));
            }
        }
        return out;
    }

    /** Budget resolution of {@link #knapsack}: costs are rounded up to 1/UNITS of the budget, so the pick always fits. */
    static final int UNITS = 4000;

    /**
     * The most accurate choice of one option per task whose summed cost fits the budget (dynamic programming over
     * the budget in {@link #UNITS} steps, each option's cost rounded up); null when nothing fits.
     */
    static Map<String, Scored> knapsack(Map<String, List<Scored>> options, double budget) {
        List<String> tasks = new ArrayList<>(options.keySet());
        double unit = budget / UNITS;
        double[] dp = new double[UNITS + 1];   // best score using the tasks so far, within b units
        int[][] choice = new int[tasks.size()][UNITS + 1];
        java.util.Arrays.fill(dp, 0);
        for (int t = 0; t < tasks.size(); t++) {
            List<Scored> o = options.get(tasks.get(t));
            double[] next = new double[UNITS + 1];
            java.util.Arrays.fill(next, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(choice[t], -1);
            for (int k = 0; k < o.size(); k++) {
                long units = (long) Math.ceil(o.get(k).cost() / unit - 1e-9);
                if (units > UNITS) continue;
                for (int b = (int) units; b <= UNITS; b++) {
                    double v = dp[b - (int) units] + o.get(k).score();
                    if (v > next[b] + 1e-12) { next[b] = v; choice[t][b] = k; }
                }
            }
            dp = next;
        }
        int b = UNITS;
        if (dp[b] == Double.NEGATIVE_INFINITY) return null;
        Map<String, Scored> pick = new LinkedHashMap<>();
        for (int t = tasks.size() - 1; t >= 0; t--) {
            Scored s = options.get(tasks.get(t)).get(choice[t][b]);
            pick.put(tasks.get(t), s);
            b -= (int) Math.ceil(s.cost() / unit - 1e-9);
        }
        Map<String, Scored> ordered = new LinkedHashMap<>();
        for (String t : tasks) ordered.put(t, pick.get(t));
        return ordered;
    }
}
