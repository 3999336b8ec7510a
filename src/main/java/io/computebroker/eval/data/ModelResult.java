package io.computebroker.eval.data;

/** How one model did on one prompt: a score in [0,1] (1 = acceptable) and what the call cost in USD. */
public record ModelResult(double score, double costUsd) {
    public ModelResult {
        if (score < 0 || score > 1 || Double.isNaN(score)) throw new IllegalArgumentException("score must be within 0..1, was " + score);
        if (costUsd < 0 || Double.isNaN(costUsd)) throw new IllegalArgumentException("cost_usd must be >= 0, was " + costUsd);
    }
}
