package io.computebroker.cli;

import io.computebroker.eval.cascade.CascadeTuner;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.metrics.Point;
import io.computebroker.eval.router.ExamplesJsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Chooses an offline cascade per task on training data (see {@link CascadeTuner}); measure it with `eval --cascade`. */
@Command(name = "tune-cascade", mixinStandardHelpOptions = true,
        description = "Pick per-task cascades (agreement between cheap models, escalation to the best) on training routing data "
                + "(RoutingExample JSONL with recorded responses) within a cost cap, and write the cascade YAML.")
final class TuneCascadeCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", arity = "1..*", required = true, description = "training RoutingExample JSONL files")
    List<Path> data;

    @Option(names = "--out", paramLabel = "FILE.yaml", required = true, description = "cascade file to write")
    Path out;

    @Option(names = "--max-cost", defaultValue = "0.2",
            description = "mean cost cap as a fraction of the most accurate single model's (default: ${DEFAULT-VALUE})")
    double maxCost;

    @Option(names = "--learned", description = "also consider learned cascades: 2-3 cheap models all answer and a scorer trained here "
            + "(logistic, on the answers only) decides whether to serve their majority answer or escalate; writes one "
            + "<out>.<task>.scorer.json per task that uses one")
    boolean learned;

    @Option(names = "--fill-budget", description = "spend the budget left between two corners of the price-of-accuracy hull by an exact "
            + "per-task choice under the cap (more training accuracy; measured no better held-out, and held-out cost can land just over the cap)")
    boolean fillBudget;

    @Override
    public Integer call() {
        List<RoutingExample> all = ExamplesJsonl.readAll(data);
        if (all.isEmpty()) {
            System.err.println("no examples in the files given");
            return 1;
        }
        String stem = out.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        CascadeTuner.Tuned t = CascadeTuner.tune(all, maxCost, !learned ? null
                : task -> out.resolveSibling(stem + "." + (task.equals("*") ? "default" : task.replaceAll("[^A-Za-z0-9_.-]", "_")) + ".scorer.json"), fillBudget);
        Point ref = t.reference();
        System.out.printf(Locale.ROOT, "reference %s: accuracy %.4f, $%.6f/call (training data, %d prompts)%n", ref.label(), ref.quality(), ref.cost(), all.size());
        System.out.println("training-side frontier over the price of accuracy (lambda):");
        for (Point p : t.curve()) {
            System.out.printf(Locale.ROOT, "  %-16s accuracy %.4f (%5.1f %%)  $%.6f/call (%5.1f %%)%n", p.label(), p.quality(),
                    100 * p.quality() / ref.quality(), p.cost(), 100 * p.cost() / ref.cost());
        }
        System.out.printf(Locale.ROOT, "chosen (%s, cost cap %.0f %%): training accuracy %.4f (%.1f %% of reference) at $%.6f/call (%.1f %%)%n",
                Double.isNaN(t.lambda()) ? "exact fit under the cap" : String.format(Locale.ROOT, "lambda %.4g", t.lambda()), 100 * maxCost, t.train().quality(), 100 * t.train().quality() / ref.quality(), t.train().cost(),
                100 * t.train().cost() / ref.cost());
        System.out.print(t.spec().toYaml());
        t.spec().save(out);
        System.out.println("wrote " + out);
        return 0;
    }
}
