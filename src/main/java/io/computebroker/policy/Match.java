package io.computebroker.policy;

import java.util.List;

/**
 * When a rule applies. Every listed field must match (AND); within a list any value matches (OR);
 * absent fields match everything. {@code sensitivity} lists levels; {@code model} the requested names.
 */
public record Match(List<String> tenant, List<String> key, List<String> feature, List<String> task,
                    List<String> sensitivity, List<String> model, Integer minTokens, Integer maxTokens) {
    public static final Match ANY = new Match(null, null, null, null, null, null, null, null);

    public Match {
        tenant = copy(tenant);
        key = copy(key);
        feature = copy(feature);
        task = copy(task);
        sensitivity = copy(sensitivity);
        model = copy(model);
    }

    private static List<String> copy(List<String> l) { return l == null ? List.of() : List.copyOf(l); }
}
