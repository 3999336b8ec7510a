package io.computebroker.cli;

import io.computebroker.eval.cascade.CascadeSpec;
import io.computebroker.eval.cascade.OfflineCascade;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.metrics.Evaluation;
import io.computebroker.eval.metrics.EvaluationReport;
import io.computebroker.eval.metrics.ReportWriters;
import io.computebroker.eval.router.ExamplesJsonl;
import io.computebroker.eval.router.KnnRouter;
import io.computebroker.eval.router.LearnedRouter;
import io.computebroker.eval.router.Router;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Evaluates a router model, or an offline cascade ({@code --cascade}, optionally with {@code --router} for
 * the tasks and escalations the cascade leaves open), on held-out routing data: the table goes to stdout;
 * report.txt, report.json, curve.svg and decisions.jsonl (at {@code --knob}) go to {@code --out}. A cascade
 * without a router does not depend on the knob, so it is one point.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a router model on held-out RoutingExample JSONL: cost-quality curve, AIQ, oracle, single models.")
final class EvalCommand implements Callable<Integer> {
    /** The knob grid of the curve: dense near 0, where the trade-offs happen, up to "always the cheapest". */
    static final List<Double> GRID = List.of(0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0);

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "held-out RoutingExample JSONL")
    Path data;

    @Option(names = "--router", paramLabel = "MODEL", description = "router model written by train-router or train-knn-router")
    Path routerFile;

    @Option(names = "--cascade", paramLabel = "FILE.yaml", description = "offline cascade (written by tune-cascade, or by hand)")
    Path cascadeFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for the report files")
    Path out;

    @Option(names = "--knob", defaultValue = "0.05", description = "willingness-to-pay knob for the decisions file (default: ${DEFAULT-VALUE})")
    double knob;

    @Override
    public Integer call() {
        List<RoutingExample> heldOut = ExamplesJsonl.read(data);
        if (heldOut.isEmpty()) {
            System.err.println("no examples in " + data);
            return 1;
        }
        if (routerFile == null && cascadeFile == null) {
            System.err.println("give --router, --cascade, or both");
            return 2;
        }
        Router router = routerFile == null ? null
                : KnnRouter.isKnnModel(routerFile) ? KnnRouter.load(routerFile) : LearnedRouter.load(routerFile);
        List<Double> knobs = new ArrayList<>(GRID);
        if (!knobs.contains(knob)) knobs.add(knob);
        EvaluationReport report;
        if (cascadeFile == null) {
            report = Evaluation.run(router, heldOut, knobs);
        } else {
            OfflineCascade cascade = new OfflineCascade(CascadeSpec.load(cascadeFile), router);
            cascade.validate(heldOut);
            report = Evaluation.run(cascade, router == null ? "cascade" : "cascade + router", heldOut,
                    cascade.usesKnob() ? knobs : List.of(knob));
        }
        System.out.print(ReportWriters.table(report));
        ReportWriters.writeAll(report, knob, out);
        System.out.println("wrote " + out.resolve("report.txt") + ", report.json, curve.svg, decisions.jsonl");
        return 0;
    }
}
