package io.computebroker.policy;

import io.computebroker.cache.semantic.SemanticRules;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The semantic cache as the policy allows it. Off unless enabled; when enabled, {@code shadow} (the
 * default) only measures: it records what would have hit and serves the real answer, so the false-hit
 * rate is known before the cache may answer. Confidential and restricted data are never cached.
 */
public record SemanticCacheConfig(Boolean enabled, List<String> tasks, String maxSensitivity, Double threshold, Long ttlMs,
                                  Boolean shadow) {
    public SemanticCacheConfig {
        if (enabled == null) enabled = false;
        if (shadow == null) shadow = true;
        if (tasks == null) tasks = List.of("qa", "chat", "classify");
        if (maxSensitivity == null) maxSensitivity = "internal";
        if (threshold == null) threshold = SemanticRules.DEFAULT_THRESHOLD;
        if (ttlMs == null) ttlMs = SemanticRules.DEFAULT_TTL.toMillis();
        if (threshold <= 0 || threshold > 1) throw new IllegalArgumentException("semanticCache.threshold must be within (0, 1]");
        if (Sensitivity.parse(maxSensitivity).compareTo(Sensitivity.INTERNAL) > 0) {
            throw new IllegalArgumentException("semanticCache.maxSensitivity may be public or internal: confidential data is never cached");
        }
        tasks.forEach(TaskClass::parse);
    }

    public static SemanticCacheConfig off() { return new SemanticCacheConfig(null, null, null, null, null, null); }

    public SemanticRules rules(Double ruleThreshold) {
        return new SemanticRules(tasks.stream().map(TaskClass::parse).collect(Collectors.toSet()), Sensitivity.parse(maxSensitivity),
                ruleThreshold != null ? ruleThreshold : threshold, Duration.ofMillis(ttlMs), shadow);
    }
}
