package io.computebroker.eval.metrics;

/** One routed call: which model answered prompt {@code id}, how well (0..1) and at what cost (USD). */
public record Outcome(String id, String model, double score, double costUsd) {}
