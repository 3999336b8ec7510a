package io.computebroker.eval.router;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained router as the policy's per-prompt quality estimate: the predicted probability that each model's
 * answer is acceptable for this prompt. The logistic router answers from hashed prompt features in
 * microseconds; the kNN router embeds the prompt's question in process first (a few milliseconds here).
 */
public interface AcceptanceModel {
    /** The models the router knows, in its order. */
    List<String> models();

    /** Predicted acceptance per model, aligned with {@link #models()}. */
    double[] probabilities(String prompt, String task);

    /** Predicted acceptance per model (router names), in {@link #models()} order. */
    default Map<String, Double> acceptance(String prompt, String task) {
        double[] p = probabilities(prompt, task);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < p.length; j++) out.put(models().get(j), p[j]);
        return out;
    }

    /** Loads either kind of model file written by {@code train-router} or {@code train-knn-router}, for live use. */
    static AcceptanceModel load(Path p) {
        return KnnRouter.isKnnModel(p) ? KnnRouter.load(p).live() : LearnedRouter.load(p);
    }
}
