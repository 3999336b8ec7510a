package io.computebroker.policy;

import java.util.Map;

/**
 * A learned router (from {@code ./broker train-router}) as the live quality estimate: per prompt, the
 * predicted probability that each model's answer is acceptable. {@code names} maps catalog model ids to
 * the model names the router was trained on; unmapped models keep the quality table's prior.
 * {@code willingness} is the default X of "the cheapest model whose predicted acceptance is within X of
 * the best" (a rule may set its own).
 */
public record LearnedRouting(String model, Map<String, String> names, Double willingness) {
    public LearnedRouting {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("defaults.learned.model (a router file) is required");
        names = names == null ? Map.of() : Map.copyOf(names);
        if (names.isEmpty()) throw new IllegalArgumentException("defaults.learned.names must map catalog models to the router's models");
        if (willingness == null) willingness = 0.05;
        if (willingness < 0) throw new IllegalArgumentException("defaults.learned.willingness must be >= 0");
    }
}
