package io.computebroker.eval.data;

/**
 * How one model did on one prompt: a score in [0,1] (1 = acceptable), what the call cost in USD, and,
 * when the data set recorded it, the model's answer text ({@code response}, null otherwise). The answer
 * is what lets a cascade be evaluated offline: its checks look at answers, never at the score.
 */
public record ModelResult(double score, double costUsd, String response) {
    public ModelResult {
        if (score < 0 || score > 1 || Double.isNaN(score)) throw new IllegalArgumentException("score must be within 0..1, was " + score);
        if (costUsd < 0 || Double.isNaN(costUsd)) throw new IllegalArgumentException("cost_usd must be >= 0, was " + costUsd);
    }

    public ModelResult(double score, double costUsd) {
        this(score, costUsd, null);
    }
}
