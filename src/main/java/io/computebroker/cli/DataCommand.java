package io.computebroker.cli;

import io.computebroker.eval.data.LlmRouterImporter;
import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RouteLlmImporter;
import io.computebroker.eval.data.RouterBenchImporter;
import io.computebroker.eval.data.RoutingDataset;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.data.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code broker data import}: turns a public routing layout into the project's JSONL
 * ({@link RoutingDataset}), optionally with a seeded, task-stratified train / held-out split, e.g.
 * <pre>
 *   broker data import --format routerbench --in ../shared/data/routing/routerbench/*.csv \
 *       --out data/routerbench.jsonl --split 0.2 --seed 7
 * </pre>
 * It prints how many examples each task and each model has, with mean score and cost, so a wrong
 * mapping (a model with no results, costs of zero) shows up before anyone trains on it.
 */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Import and split routing data sets.",
        subcommands = DataCommand.Import.class)
final class DataCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: broker data import --format routerbench|llmrouter|routellm --in PATH… --out FILE.jsonl");
    }

    enum Format { routerbench, llmrouter, routellm }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a public routing layout into routing JSONL, optionally split into train and held-out files.")
    static final class Import implements Callable<Integer> {

        @Option(names = "--format", required = true, description = "input layout: ${COMPLETION-CANDIDATES}")
        Format format;

        @Option(names = "--in", required = true, arity = "1..*", paramLabel = "PATH",
                description = "input files (routellm also takes directories of CSVs)")
        List<Path> in;

        @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "routing JSONL to write")
        Path out;

        @Option(names = "--split", paramLabel = "FRACTION",
                description = "also write FILE.train.jsonl and FILE.heldout.jsonl with this share held out per task")
        Double split;

        @Option(names = "--seed", defaultValue = "7", description = "seed for --split (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            PrintStream o = System.out;
            Path[] paths = in.toArray(Path[]::new);
            List<RoutingExample> examples;
            try {
                examples = switch (format) {
                    case routerbench -> {
                        RouterBenchImporter.Result r = RouterBenchImporter.readWithStats(paths);
                        o.printf("skipped: %d repeated sample_ids, %d blank model cells, %d rows with no model result%n",
                                r.duplicates(), r.blankCells(), r.emptyRows());
                        yield r.examples();
                    }
                    case llmrouter -> LlmRouterImporter.read(paths);
                    case routellm -> RouteLlmImporter.read(paths);
                };
            } catch (IllegalArgumentException | UncheckedIOException e) {
                // a wrong path or layout is the operator's mistake: one line, not a stack trace
                System.err.println(e.getMessage() + (e.getCause() instanceof java.io.IOException io ? ": " + io : ""));
                return 1;
            }
            RoutingDataset.write(out, examples);
            o.printf("wrote %s: %d examples%n", out, examples.size());
            printCounts(o, examples);
            if (split != null) {
                if (split < 0 || split > 1) { System.err.println("--split must be within 0..1"); return 2; }
                Split s = Split.of(examples, split, seed);
                Path train = sibling(out, "train"), held = sibling(out, "heldout");
                RoutingDataset.write(train, s.train());
                RoutingDataset.write(held, s.heldOut());
                o.printf("wrote %s: %d examples, %s: %d examples (seed %d)%n", train, s.train().size(), held, s.heldOut().size(), seed);
            }
            return 0;
        }
    }

    /** FILE.jsonl → FILE.&lt;part&gt;.jsonl next to it. */
    static Path sibling(Path out, String part) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        return out.resolveSibling(stem + "." + part + ".jsonl");
    }

    static void printCounts(PrintStream o, List<RoutingExample> examples) {
        Map<String, Integer> byTask = new TreeMap<>();
        Map<String, double[]> byModel = new TreeMap<>(); // n, sum score, sum cost
        for (RoutingExample e : examples) {
            byTask.merge(Objects.requireNonNullElse(e.task(), "(none)"), 1, Integer::sum);
            for (Map.Entry<String, ModelResult> r : e.results().entrySet()) {
                double[] a = byModel.computeIfAbsent(r.getKey(), k -> new double[3]);
                a[0]++; a[1] += r.getValue().score(); a[2] += r.getValue().costUsd();
            }
        }
        o.println("examples per task:");
        byTask.forEach((t, n) -> o.printf("  %-40s %7d%n", t, n));
        o.println("results per model:                           n  mean score   mean cost USD");
        byModel.forEach((m, a) -> o.printf("  %-40s %7d  %10.3f  %14.6f%n", m, (long) a[0], a[1] / a[0], a[2] / a[0]));
    }
}
