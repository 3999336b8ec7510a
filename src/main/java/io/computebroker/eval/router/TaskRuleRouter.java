package io.computebroker.eval.router;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fixed-rule baseline: per task, the model with the best mean score on the training data (the
 * knob relaxes it the same way as {@link LearnedRouter}: the cheapest model whose training accuracy on
 * the task is within the knob of the task's best). Unknown tasks use the overall figures. It shows how
 * much of a learned router's gain is just "knowing the task".
 */
public final class TaskRuleRouter implements Router {
    private record Stats(String[] models, double[] accuracy, double[] cost) {}

    private final Map<String, Stats> byTask;
    private final Stats overall;

    private TaskRuleRouter(Map<String, Stats> byTask, Stats overall) {
        this.byTask = byTask;
        this.overall = overall;
    }

    public static TaskRuleRouter train(List<RoutingExample> examples) {
        Map<String, List<RoutingExample>> groups = new HashMap<>();
        for (RoutingExample e : examples) groups.computeIfAbsent(key(e.task()), t -> new java.util.ArrayList<>()).add(e);
        Map<String, Stats> byTask = new HashMap<>();
        groups.forEach((t, g) -> byTask.put(t, stats(g)));
        return new TaskRuleRouter(byTask, stats(examples));
    }

    private static Stats stats(List<RoutingExample> examples) {
        TreeMap<String, double[]> sums = new TreeMap<>();   // model -> {score, cost, n}
        for (RoutingExample e : examples) {
            for (Map.Entry<String, ModelResult> r : e.results().entrySet()) {
                double[] s = sums.computeIfAbsent(r.getKey(), k -> new double[3]);
                s[0] += r.getValue().score();
                s[1] += r.getValue().costUsd();
                s[2]++;
            }
        }
        String[] models = sums.keySet().toArray(String[]::new);
        double[] acc = new double[models.length], cost = new double[models.length];
        for (int j = 0; j < models.length; j++) {
            double[] s = sums.get(models[j]);
            acc[j] = s[0] / s[2];
            cost[j] = s[1] / s[2];
        }
        return new Stats(models, acc, cost);
    }

    private static String key(String task) { return task == null ? "" : task; }

    @Override
    public String choose(String prompt, String task, double willingnessToPay) {
        Stats s = byTask.getOrDefault(key(task), overall);
        return s.models()[LearnedRouter.pick(s.accuracy(), s.cost(), willingnessToPay)];
    }
}
