package io.computebroker.cli;

import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.router.ExamplesJsonl;
import io.computebroker.eval.router.LearnedRouter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Trains a {@link LearnedRouter} on RoutingExample JSONL and writes the model. Measure it with `eval`. */
@Command(name = "train-router", mixinStandardHelpOptions = true,
        description = "Learn per-model acceptance from routing data (RoutingExample JSONL) and write the router model.")
final class TrainRouterCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", arity = "1..*", required = true, description = "RoutingExample JSONL files")
    List<Path> data;

    @Option(names = "--out", paramLabel = "MODEL", required = true, description = "router model file to write")
    Path out;

    @Option(names = "--epochs", description = "training passes (default: the trainer's)")
    Integer epochs;

    @Option(names = "--seed", description = "training shuffle seed (default: the trainer's)")
    Long seed;

    @Override
    public Integer call() {
        List<RoutingExample> all = ExamplesJsonl.readAll(data);
        if (all.isEmpty()) {
            System.err.println("no examples in the files given");
            return 1;
        }
        LearnedRouter.Options o = LearnedRouter.Options.defaults();
        if (epochs != null) o = o.withEpochs(epochs);
        if (seed != null) o = o.withSeed(seed);
        long t0 = System.nanoTime();
        LearnedRouter router = LearnedRouter.train(all, o);
        System.out.printf("trained on %d examples, %d models in %.1f s%n", all.size(), router.models().size(), (System.nanoTime() - t0) / 1e9);
        router.save(out);
        System.out.println("wrote " + out);
        return 0;
    }
}
