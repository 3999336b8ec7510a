package io.computebroker.cli;

import io.computebroker.classify.task.Evaluation;
import io.computebroker.classify.task.HoldoutSplit;
import io.computebroker.classify.task.LabeledPrompt;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.classify.task.TaskClassifier;
import io.computebroker.classify.task.TaskClassifierTrainer;
import io.computebroker.classify.task.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Trains the task classifier, reports it on a held-out split, and writes the model. The shipped model
 * is built with:
 * <pre>
 *   broker train-classifier \
 *     --data ../shared/data/routing/llmrouter/query_data__default_query_train.jsonl \
 *            src/main/resources/classify/supplement.jsonl
 * </pre>
 * Each file is split on its own (stratified by class, seeded), so the report has a line per file as well
 * as the total: the LLMRouter figure is measured on benchmark prompts, the supplement's on prompts
 * written alongside its training ones, which flatters it.
 *
 * <p>The model written is retrained on everything, held-out part included: the split exists to measure,
 * and the final model should not throw away a fifth of the data — least of all for the thin classes.
 * The figures printed therefore describe a model trained on slightly less data than the one written.
 */
@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = "Train the task-class classifier on labelled prompts, report held-out figures, write the model.")
final class TrainClassifierCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", arity = "1..*", required = true,
            description = "training files: LLMRouter query JSONL, LLMRouter DC-router JSON, or JSONL of {\"text\",\"task\"} (auto-detected)")
    List<Path> data;

    @Option(names = "--out", paramLabel = "PATH", defaultValue = "src/main/resources/classify/task-model.bin",
            description = "model file to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--holdout", defaultValue = "0.2", description = "fraction held out for the report, 0 to skip it (default: ${DEFAULT-VALUE})")
    double holdout;

    @Option(names = "--seed", description = "seed for the split and the training shuffle (default: the trainer's)")
    Long seed;

    @Option(names = "--epochs", description = "training passes (default: the trainer's)")
    Integer epochs;

    @Override
    public Integer call() {
        TaskClassifierTrainer.Options options = TaskClassifierTrainer.Options.defaults();
        if (seed != null) options = options.withSeed(seed);
        if (epochs != null) options = options.withEpochs(epochs);

        List<TrainingData.Source> sources = TrainingData.load(data);
        for (TrainingData.Source s : sources) {
            System.out.printf("%s: %d examples (%d duplicates, %d unlabelled skipped) %s%n", s.file(), s.examples().size(),
                    s.duplicates(), s.unlabeled(), countsByClass(s.examples()));
        }
        List<LabeledPrompt> all = TrainingData.all(sources);
        if (all.isEmpty()) {
            System.err.println("no labelled examples in the files given");
            return 1;
        }

        if (holdout > 0) report(sources, options);

        long t0 = System.nanoTime();
        TaskClassifier model = TaskClassifierTrainer.train(all, options);
        System.out.printf("trained on all %d examples in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);
        model.save(out);
        System.out.printf("wrote %s (%,d bytes)%n", out, sizeOf(out));
        return 0;
    }

    private void report(List<TrainingData.Source> sources, TaskClassifierTrainer.Options options) {
        List<LabeledPrompt> train = new ArrayList<>();
        List<List<LabeledPrompt>> tests = new ArrayList<>();
        for (TrainingData.Source s : sources) {
            HoldoutSplit split = HoldoutSplit.stratified(s.examples(), holdout, options.seed());
            train.addAll(split.train());
            tests.add(split.test());
        }
        long t0 = System.nanoTime();
        TaskClassifier model = TaskClassifierTrainer.train(train, options);
        System.out.printf("%nheld-out report: trained on %d examples (%.0f%%) in %.1f s%n", train.size(),
                100 * (1 - holdout), (System.nanoTime() - t0) / 1e9);
        List<LabeledPrompt> allTests = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (tests.get(i).isEmpty()) continue;
            allTests.addAll(tests.get(i));
            if (sources.size() > 1) {
                System.out.printf("%n-- %s%n%s", sources.get(i).file().getFileName(), Evaluation.of(model, tests.get(i)).table());
            }
        }
        System.out.printf("%n-- all held-out%n%s%n", Evaluation.of(model, allTests).table());
    }

    private static Map<TaskClass, Integer> countsByClass(List<LabeledPrompt> examples) {
        Map<TaskClass, Integer> m = new EnumMap<>(TaskClass.class);
        for (LabeledPrompt lp : examples) m.merge(lp.task(), 1, Integer::sum);
        return m;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
