package io.computebroker.eval.metrics;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hand-written baseline every router must beat: one fixed model per task tag. Chosen in hindsight on
 * the evaluated data itself, so it is an upper bound for such a rule (like the oracle, a reference, not a
 * router). The cheapest rule reaching a given accuracy is found exactly: each task's options are its
 * models' (cost, score) totals, and the cost–accuracy frontier of the tasks' combinations is built one
 * task at a time, dropping every combination another beats on both cost and accuracy, so the search stays
 * small where the product of choices (9 models ^ 14 tasks) would not.
 */
public final class TaskRules {
    /** A rule (task → model; examples without a task are under {@code "(none)"}) and where it lands. */
    public record Rule(double atLeast, Map<String, String> modelPerTask, Point point) {}

    static final String NO_TASK = "(none)";

    private TaskRules() {}

    /**
     * For each fraction in {@code atLeast}, the cheapest rule whose accuracy is at least that fraction of
     * {@code reference}'s; a fraction no rule reaches is left out. A model without a result for a prompt
     * scores 0 there at no cost, as in {@link Metrics#always}.
     */
    public static List<Rule> cheapest(List<RoutingExample> examples, Point reference, List<Double> atLeast) {
        List<Combo> frontier = frontier(examples);
        int n = examples.size();
        List<Rule> out = new ArrayList<>();
        for (double f : new TreeSet<>(atLeast)) {
            double need = f * reference.quality() * n - 1e-9;
            frontier.stream().filter(c -> c.score >= need).min(Comparator.comparingDouble(c -> c.cost))
                    .ifPresent(c -> out.add(new Rule(f, c.models, new Point("per-task rule ≥ " + Math.round(f * 100) + " %",
                            c.cost / n, c.score / n))));
        }
        return out;
    }

    /** Combinations no other beats on both total cost and total score, cheapest first. */
    static List<Combo> frontier(List<RoutingExample> examples) {
        Map<String, Map<String, double[]>> totals = new TreeMap<>(); // task → model → {cost, score}
        TreeSet<String> models = new TreeSet<>();
        for (RoutingExample e : examples) models.addAll(e.results().keySet());
        for (RoutingExample e : examples) {
            Map<String, double[]> t = totals.computeIfAbsent(e.task() == null ? NO_TASK : e.task(), k -> new TreeMap<>());
            for (String m : models) {
                ModelResult r = e.results().get(m);
                double[] acc = t.computeIfAbsent(m, k -> new double[2]);
                if (r != null) {
                    acc[0] += r.costUsd();
                    acc[1] += r.score();
                }
            }
        }
        List<Combo> frontier = List.of(new Combo(0, 0, Map.of()));
        for (Map.Entry<String, Map<String, double[]>> task : totals.entrySet()) {
            List<Combo> next = new ArrayList<>();
            for (Combo c : frontier) {
                for (Map.Entry<String, double[]> m : task.getValue().entrySet()) {
                    Map<String, String> chosen = new LinkedHashMap<>(c.models);
                    chosen.put(task.getKey(), m.getKey());
                    next.add(new Combo(c.cost + m.getValue()[0], c.score + m.getValue()[1], chosen));
                }
            }
            frontier = prune(next);
        }
        return frontier;
    }

    /** Keeps, in cost order, only combinations that score more than every cheaper one. */
    private static List<Combo> prune(List<Combo> all) {
        all.sort(Comparator.comparingDouble((Combo c) -> c.cost).thenComparing(c -> -c.score));
        List<Combo> kept = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Combo c : all) {
            if (c.score > best + 1e-12) {
                kept.add(c);
                best = c.score;
            }
        }
        return kept;
    }

    record Combo(double cost, double score, Map<String, String> models) {}
}
