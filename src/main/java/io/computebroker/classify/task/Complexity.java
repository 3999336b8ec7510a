package io.computebroker.classify.task;

/**
 * A difficulty estimate in [0, 1]: a fixed weighted sum of five saturating parts, each in [0, 1] and
 * non-decreasing in what it counts, so adding length, a constraint, a multi-step cue or code never
 * lowers the estimate. It is a routing signal ("does this need a strong model?"), not a calibrated
 * probability; the weights are set by hand, in the open, rather than fitted to a label we do not have.
 *
 * <pre>
 *   complexity = 0.25 · length      log2(chars / 64) / 8, clamped: 64 chars → 0, 16 K chars → 1
 *              + 0.20 · constraints 1 − e^(−n/4): "must", "at least", "without", list items …
 *              + 0.25 · multi-step  1 − e^(−n/2): "step by step", "design", "prove", "trade-offs", "architecture" …
 *              + 0.10 · code        1 − e^(−lines/60): lines of code in the prompt
 *              + 0.20 · class prior Σ p(class) · prior(class), so an uncertain prediction blends priors
 * </pre>
 */
final class Complexity {
    static final double W_LENGTH = 0.25, W_CONSTRAINTS = 0.20, W_MULTISTEP = 0.25, W_CODE = 0.10, W_PRIOR = 0.20;

    /**
     * How demanding each task class is before looking at the prompt, by ordinal. Reshaping text that is
     * already there (classify, rewrite, translate) is easy for small models; open-ended generation with
     * correctness to check (code, math, plans) and multi-step inference are not.
     */
    private static final double[] PRIOR = new double[TaskClass.count()];

    static {
        PRIOR[TaskClass.CLASSIFY.ordinal()] = 0.10;
        PRIOR[TaskClass.EXTRACT.ordinal()] = 0.20;
        PRIOR[TaskClass.SUMMARIZE.ordinal()] = 0.25;
        PRIOR[TaskClass.TRANSLATE.ordinal()] = 0.20;
        PRIOR[TaskClass.REWRITE.ordinal()] = 0.15;
        PRIOR[TaskClass.QA.ordinal()] = 0.30;
        PRIOR[TaskClass.CODE.ordinal()] = 0.60;
        PRIOR[TaskClass.MATH.ordinal()] = 0.60;
        PRIOR[TaskClass.REASONING.ordinal()] = 0.80;
        PRIOR[TaskClass.PLAN.ordinal()] = 0.55;
        PRIOR[TaskClass.CHAT.ordinal()] = 0.05;
        PRIOR[TaskClass.CREATIVE.ordinal()] = 0.35;
    }

    private Complexity() {}

    static double prior(TaskClass c) { return PRIOR[c.ordinal()]; }

    /** @param probabilities softmax output indexed by {@link TaskClass} ordinal */
    static double estimate(TextStats s, double[] probabilities) {
        double length = clamp(Math.log(Math.max(1, s.chars()) / 64.0) / Math.log(2) / 8);
        double constraints = saturate(s.constraints(), 4);
        double multiStep = saturate(s.multiStep(), 2);
        double code = saturate(s.codeLines(), 60);
        double prior = 0;
        for (int k = 0; k < PRIOR.length; k++) prior += probabilities[k] * PRIOR[k];
        return clamp(W_LENGTH * length + W_CONSTRAINTS * constraints + W_MULTISTEP * multiStep
                + W_CODE * code + W_PRIOR * prior);
    }

    private static double saturate(int n, double scale) { return 1 - Math.exp(-n / scale); }

    private static double clamp(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }
}
