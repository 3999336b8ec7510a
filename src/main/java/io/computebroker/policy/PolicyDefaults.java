package io.computebroker.policy;

import java.util.Map;

/**
 * Policy-wide defaults.
 *
 * @param qualityFloor         minimum expected quality per task class ({@code default} key for the rest)
 * @param complexityWeight     how much a maximally complex prompt raises the floor (0 = never)
 * @param expectedOutputTokens typical answer length per task class, for cost estimates
 * @param unknownQuality       quality assumed for a (model, task) pair missing from the quality table
 * @param queueTimeoutMs       how long traffic that may not leave saturated owned capacity waits before 429
 * @param exactCacheTtlMs      how long an exact-cache entry answers identical deterministic requests
 * @param batch                how deferred (batch lane) work waits for idle owned capacity
 */
public record PolicyDefaults(Map<String, Double> qualityFloor, Double complexityWeight, Map<String, Integer> expectedOutputTokens,
                             Double unknownQuality, Substitution substitution, Objective objective, Long queueTimeoutMs,
                             Integer maxAttemptsPerCandidate, Long exactCacheTtlMs, SemanticCacheConfig semanticCache,
                             LearnedRouting learned, BatchPolicy batch) {
    public PolicyDefaults {
        qualityFloor = qualityFloor == null ? Map.of("default", 0.75) : Map.copyOf(qualityFloor);
        if (complexityWeight == null) complexityWeight = 0.15;
        expectedOutputTokens = expectedOutputTokens == null ? Map.of("default", 400) : Map.copyOf(expectedOutputTokens);
        if (unknownQuality == null) unknownQuality = 0.6;
        if (substitution == null) substitution = Substitution.EXACT;
        if (objective == null) objective = Objective.CHEAPEST;
        if (queueTimeoutMs == null) queueTimeoutMs = 2_000L;
        if (maxAttemptsPerCandidate == null) maxAttemptsPerCandidate = 2;
        if (exactCacheTtlMs == null) exactCacheTtlMs = 3_600_000L;
        if (semanticCache == null) semanticCache = SemanticCacheConfig.off();
        if (batch == null) batch = BatchPolicy.defaults();
        if (maxAttemptsPerCandidate < 1) throw new IllegalArgumentException("defaults.maxAttemptsPerCandidate must be >= 1");
    }

    public static PolicyDefaults builtIn() { return new PolicyDefaults(null, null, null, null, null, null, null, null, null, null, null, null); }
}
