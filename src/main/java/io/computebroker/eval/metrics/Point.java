package io.computebroker.eval.metrics;

/**
 * A point on a cost–quality plane: {@code cost} is the mean cost per call in USD (so data sets of
 * different sizes compare), {@code quality} the mean score. {@code label} names a model, a knob or "oracle".
 */
public record Point(String label, double cost, double quality) {}
