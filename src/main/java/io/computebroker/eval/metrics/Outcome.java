package io.computebroker.eval.metrics;

import java.util.List;

/**
 * One routed call: which model's answer was used for prompt {@code id}, how well (0..1), what it cost
 * (USD, every call made included), and every model {@code called}, in order (one for a plain route;
 * a cascade's cheap tier and any escalation for a cascade).
 */
public record Outcome(String id, String model, double score, double costUsd, List<String> called) {
    public Outcome {
        called = called == null ? List.of(model) : List.copyOf(called);
    }

    public Outcome(String id, String model, double score, double costUsd) {
        this(id, model, score, costUsd, List.of(model));
    }
}
