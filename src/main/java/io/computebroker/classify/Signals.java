package io.computebroker.classify;

import io.computebroker.classify.sensitivity.EntityType;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Everything the decide stage knows about a call: declared signals win, inferred ones fill the gaps,
 * and each says where it came from so a decision can be explained.
 *
 * @param sensitivity  max(declared, detected, key floor)
 * @param entityTypes  detected personal/secret data types (never the values)
 * @param maxOutputTokens the caller's cap, or null
 */
public record Signals(TaskClass task, Source taskSource, double taskConfidence, double complexity,
                      Sensitivity sensitivity, Source sensitivitySource, Set<EntityType> entityTypes,
                      String feature, String runId, BigDecimal maxCostUsd, Long latencyTargetMs,
                      int promptTokens, Integer maxOutputTokens, boolean hasTools, boolean hasImages, boolean wantsJson) {

    public enum Source {
        DECLARED, INFERRED, KEY_FLOOR, DEFAULT;

        private final String wire = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        public String wire() { return wire; }
    }

    public Signals {
        entityTypes = Set.copyOf(entityTypes);
    }

    /** The same signals under a tighter per-call cost ceiling (a budget downgrade re-decides with this). */
    public Signals withMaxCost(BigDecimal usd) {
        BigDecimal ceiling = maxCostUsd == null ? usd : maxCostUsd.min(usd);
        return new Signals(task, taskSource, taskConfidence, complexity, sensitivity, sensitivitySource, entityTypes, feature, runId,
                ceiling, latencyTargetMs, promptTokens, maxOutputTokens, hasTools, hasImages, wantsJson);
    }

    /** Short text for logs and headers: no values, only classes. */
    public String summary() {
        return "task=" + task.wire() + "(" + taskSource.wire() + ")"
                + " sensitivity=" + sensitivity.wire() + "(" + sensitivitySource.wire() + (entityTypes.isEmpty() ? "" : ":" + entityTypes) + ")"
                + " tokens=" + promptTokens + " complexity=" + String.format(java.util.Locale.ROOT, "%.2f", complexity)
                + (hasTools ? " tools" : "") + (hasImages ? " images" : "") + (wantsJson ? " json" : "");
    }
}
