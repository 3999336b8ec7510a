package io.computebroker.cli;

import io.computebroker.classify.sensitivity.PiiEvaluation;
import io.computebroker.classify.sensitivity.SensitivityScanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code broker eval-pii}: precision and recall of the sensitivity scanner per entity type on a labelled data set. */
@Command(name = "eval-pii", mixinStandardHelpOptions = true,
        description = "Evaluate the PII/secret detectors on a Presidio-style labelled data set and print precision and recall per type.")
public final class EvalPiiCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", defaultValue = "../shared/data/pii/synth_dataset_v2.json",
            description = "JSON array of {full_text, spans[{entity_type, start_position, end_position}]} (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(data)) {
            System.err.println("no data set at " + data.toAbsolutePath() + " (use --data FILE)");
            return 2;
        }
        PiiEvaluation.Result r = PiiEvaluation.evaluate(data, new SensitivityScanner());
        System.out.printf("%-15s %6s %10s %10s %8s %8s%n", "TYPE", "GOLD", "PREDICTED", "PRECISION", "RECALL", "F1");
        System.out.println("-".repeat(62));
        for (PiiEvaluation.TypeStats s : r.perType()) {
            if (s.gold() == 0 && s.predicted() == 0) continue;
            System.out.printf("%-15s %6d %10d %10s %8s %8s%n", s.type(), s.gold(), s.predicted(),
                    ratio(s.precision()), ratio(s.recall()), ratio(s.f1()));
        }
        System.out.println("-".repeat(62));
        System.out.printf(Locale.ROOT, "%d texts, %.1f ms scanning (%.1f µs per text). Match rule: a prediction is correct when it "
                        + "overlaps a gold span of the same type.%nNot scored (no equivalent type): %s%n",
                r.texts(), r.scanNanos() / 1e6, r.scanNanos() / 1e3 / Math.max(1, r.texts()), String.join(", ", r.unscoredLabels()));
        return 0;
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
