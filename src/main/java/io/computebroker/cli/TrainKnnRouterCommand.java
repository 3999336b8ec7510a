package io.computebroker.cli;

import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.data.Split;
import io.computebroker.eval.metrics.Evaluation;
import io.computebroker.eval.metrics.EvaluationReport;
import io.computebroker.eval.router.ExamplesJsonl;
import io.computebroker.eval.router.KnnRouter;
import io.computebroker.eval.router.LearnedRouter;
import io.computebroker.provider.embed.LocalEmbeddings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Builds a {@link KnnRouter} on RoutingExample JSONL and writes it; `eval` loads it like a logistic model.
 * With {@code --tune}, k and the blend weight are chosen on a validation split carved out of the training
 * data (never on held-out data), then the router is rebuilt on all of it.
 */
@Command(name = "train-knn-router", mixinStandardHelpOptions = true,
        description = "Build a kNN router over local sentence embeddings (optionally blended with the logistic router).")
final class TrainKnnRouterCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", arity = "1..*", required = true, description = "RoutingExample JSONL files")
    List<Path> data;

    @Option(names = "--out", paramLabel = "MODEL", required = true, description = "router model file to write")
    Path out;

    @Option(names = "--k", defaultValue = "20", description = "neighbours (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--blend", defaultValue = "0", description = "weight of the logistic prediction, 0..1 (default: ${DEFAULT-VALUE})")
    double blend;

    @Option(names = "--tune", description = "choose k and blend on a validation split of the training data")
    boolean tune;

    @Option(names = "--val-share", defaultValue = "0.2", description = "validation share for --tune (default: ${DEFAULT-VALUE})")
    double valShare;

    @Option(names = "--val-seed", defaultValue = "11", description = "validation split seed for --tune (default: ${DEFAULT-VALUE})")
    long valSeed;

    @Option(names = "--max-cost", defaultValue = "0.20", description = "--tune objective: best accuracy/ref at cost/ref <= this (default: ${DEFAULT-VALUE})")
    double maxCost;

    static final List<Integer> KS = List.of(50, 100, 150, 200, 300);
    static final List<Double> BLENDS = List.of(0.0, 0.25, 0.5, 0.75, 1.0);

    @Override
    public Integer call() {
        List<RoutingExample> all = ExamplesJsonl.readAll(data);
        if (all.isEmpty()) {
            System.err.println("no examples in the files given");
            return 1;
        }
        LocalEmbeddings emb = new LocalEmbeddings();
        long t0 = System.nanoTime();
        float[][] e = KnnRouter.embedPrompts(emb, all);
        System.out.printf("embedded %d prompts in %.1f s%n", all.size(), (System.nanoTime() - t0) / 1e9);
        List<String> ids = all.stream().map(RoutingExample::id).toList();

        if (tune) {
            Split s = Split.of(all, valShare, valSeed);
            float[][] eTr = pick(e, ids, s.train()), eVal = pick(e, ids, s.heldOut());
            LearnedRouter lr = LearnedRouter.train(s.train(), LearnedRouter.Options.defaults());
            KnnRouter base = KnnRouter.build(s.train(), eTr, 1, 0.5, lr).withEmbedder(emb);
            System.out.printf("tuning on %d train / %d validation examples (seed %d)%n", s.train().size(), s.heldOut().size(), valSeed);
            System.out.printf("%5s %6s %8s %8s %8s %8s %8s %8s   %s%n", "k", "blend", "AIQ", "k0", "k.02", "k.05", "k.1", "k.15", "best acc@cost<=" + maxCost);
            double bestObj = Double.NEGATIVE_INFINITY, bestAiq = Double.NEGATIVE_INFINITY;
            int bestK = k;
            double bestB = blend;
            List<Double> knobs = new ArrayList<>(EvalCommand.GRID);
            for (double x = 0.0; x <= 0.3001; x += 0.0125) if (!knobs.contains(x)) knobs.add(x);
            for (int kk : KS) {
                for (double b : BLENDS) {
                    KnnRouter r = b == 1.0 && kk != KS.getFirst() ? null : base.with(kk, b);
                    if (r == null) continue;   // blend 1 is the logistic router alone: k does not matter
                    r.withEmbedder(emb).prime(s.heldOut(), eVal);
                    EvaluationReport rep = Evaluation.run(r, s.heldOut(), knobs);
                    double obj = rep.curve().stream().filter(c -> c.relative().cost() <= maxCost)
                            .mapToDouble(c -> c.relative().quality()).max().orElse(0);
                    StringBuilder sb = new StringBuilder();
                    for (double kn : List.of(0.0, 0.02, 0.05, 0.1, 0.15)) {
                        var c = rep.at(kn);
                        sb.append(String.format(" %3.0f/%-4.0f", 100 * c.relative().quality(), 100 * c.relative().cost()));
                    }
                    System.out.printf("%5d %6.2f %8.4f%s   %.1f%%%n", kk, b, rep.aiq(), sb, 100 * obj);
                    // objective: accuracy at the cost cap; AIQ breaks ties
                    if (obj > bestObj + 1e-9 || (Math.abs(obj - bestObj) <= 1e-9 && rep.aiq() > bestAiq)) {
                        bestObj = obj; bestAiq = rep.aiq(); bestK = kk; bestB = b;
                    }
                }
            }
            System.out.printf("chosen on validation: k=%d blend=%.2f (acc/ref %.1f%% at cost/ref <= %.0f%%, AIQ %.4f)%n",
                    bestK, bestB, 100 * bestObj, 100 * maxCost, bestAiq);
            k = bestK;
            blend = bestB;
        }
        LearnedRouter lr = blend > 0 ? LearnedRouter.train(all, LearnedRouter.Options.defaults()) : null;
        KnnRouter router = KnnRouter.build(all, e, k, blend, lr);
        router.save(out);
        System.out.printf("wrote %s (k=%d, blend=%.2f, %d examples)%n", out, k, blend, all.size());
        return 0;
    }

    private static float[][] pick(float[][] e, List<String> ids, List<RoutingExample> subset) {
        java.util.Map<String, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) at.putIfAbsent(ids.get(i), i);
        float[][] out = new float[subset.size()][];
        for (int i = 0; i < subset.size(); i++) out[i] = e[at.get(subset.get(i).id())];
        return out;
    }
}
