package io.computebroker.policy;

/**
 * A candidate model under trial on the traffic a rule matches.
 * <ul>
 *   <li>as {@code shadow}: a {@code share} of matching calls is mirrored to {@code model}; the caller only
 *       sees the primary answer; both are recorded and the candidate is scored against the primary.</li>
 *   <li>as {@code canary}: a {@code share} of matching calls is served by {@code model} (the normal route
 *       stays as fallback); after {@code minSamples} calls, a pass rate under {@code minScore} or an error
 *       rate over {@code maxErrorRate} rolls the canary back automatically, in the audit log.</li>
 * </ul>
 * {@code scorer}: {@code exact} (same text as the primary; shadow only), {@code json} (a JSON object),
 * {@code regex:<pattern>} (the answer matches), or {@code judge:<model>} (a model grades the candidate
 * against the primary, called through the broker itself, so the judging is routed, billed and recorded).
 */
public record Experiment(String model, Double share, String scorer, Double minScore, Double maxErrorRate, Integer minSamples) {
    public Experiment {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("experiment.model is required");
        if (share == null) share = 0.1;
        if (share < 0 || share > 1) throw new IllegalArgumentException("experiment.share must be within 0..1");
        if (scorer == null) scorer = "exact";
        if (!scorer.equals("exact") && !scorer.equals("json") && !scorer.startsWith("regex:") && !scorer.startsWith("judge:")) {
            throw new IllegalArgumentException("experiment.scorer must be exact, json, regex:<pattern> or judge:<model>, not '" + scorer + "'");
        }
        if (scorer.startsWith("regex:")) java.util.regex.Pattern.compile(scorer.substring(6));
        if (minScore == null) minScore = 0.8;
        if (maxErrorRate == null) maxErrorRate = 0.05;
        if (minSamples == null) minSamples = 20;
    }
}
