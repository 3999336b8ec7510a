package io.computebroker.cache.semantic;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which calls a tenant lets the semantic cache answer, and how close is close enough.
 *
 * @param tasks          task classes whose answers may be reused; others are never cached
 * @param maxSensitivity the most sensitive call that may be cached; CONFIDENTIAL and RESTRICTED are refused
 *                       by {@link SemanticCache} whatever this says
 * @param threshold      minimum cosine similarity of the key embeddings for a hit, in (0, 1]
 * @param ttl            how long a stored answer may be reused
 * @param shadow         compute and record hits but never serve them: measures what the cache would do
 *                       before a tenant trusts it
 */
public record SemanticRules(Set<TaskClass> tasks, Sensitivity maxSensitivity, double threshold, Duration ttl, boolean shadow) {

    public static final double DEFAULT_THRESHOLD = 0.92;
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    public SemanticRules {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(maxSensitivity, "maxSensitivity");
        Objects.requireNonNull(ttl, "ttl");
        // An EnumSet copy keeps iteration order stable for explanations and rejects nulls.
        tasks = tasks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tasks));
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }

    /** QA, chat and classify: short answers that depend on the question alone, not on given material. */
    public static SemanticRules defaults() {
        return new SemanticRules(Set.of(TaskClass.QA, TaskClass.CHAT, TaskClass.CLASSIFY), Sensitivity.INTERNAL,
                DEFAULT_THRESHOLD, DEFAULT_TTL, false);
    }

    public SemanticRules withThreshold(double t) { return new SemanticRules(tasks, maxSensitivity, t, ttl, shadow); }

    public SemanticRules withTtl(Duration d) { return new SemanticRules(tasks, maxSensitivity, threshold, d, shadow); }

    public SemanticRules withShadow(boolean s) { return new SemanticRules(tasks, maxSensitivity, threshold, ttl, s); }

    public SemanticRules withMaxSensitivity(Sensitivity s) { return new SemanticRules(tasks, s, threshold, ttl, shadow); }

    public SemanticRules withTasks(Set<TaskClass> t) { return new SemanticRules(t, maxSensitivity, threshold, ttl, shadow); }
}
