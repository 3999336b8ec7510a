package io.computebroker.policy;

import io.computebroker.config.Boundary;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a rule sets. Null fields leave the policy default in place. {@code boundaries} can only narrow
 * what the request's sensitivity allows (confidential and above is owned-only whatever a rule says).
 * {@code semanticThreshold} overrides the semantic cache's similarity threshold for matching requests;
 * {@code shadow} and {@code canary} put a candidate model on trial (see {@link Experiment}); {@code cascade}
 * answers with the cheapest model first and escalates when a check fails (see {@link Cascade});
 * {@code willingness} is this rule's X for the learned router (see {@link LearnedRouting}).
 */
public record Constraints(List<Boundary> boundaries, List<String> allowProviders, List<String> denyProviders,
                          Double qualityFloor, BigDecimal maxCostUsd, Long latencyTargetMs, Substitution substitution,
                          Objective objective, Double semanticThreshold, Experiment shadow, Experiment canary, Cascade cascade,
                          Double willingness) {
    public static final Constraints NONE = new Constraints(null, null, null, null, null, null, null, null, null, null, null, null, null);

    public Constraints {
        boundaries = boundaries == null ? null : List.copyOf(boundaries);
        allowProviders = allowProviders == null ? null : List.copyOf(allowProviders);
        denyProviders = denyProviders == null ? List.of() : List.copyOf(denyProviders);
        if (qualityFloor != null && (qualityFloor < 0 || qualityFloor > 1)) {
            throw new IllegalArgumentException("qualityFloor must be within 0..1");
        }
        if (maxCostUsd != null && maxCostUsd.signum() < 0) throw new IllegalArgumentException("maxCostUsd must be >= 0");
    }
}
