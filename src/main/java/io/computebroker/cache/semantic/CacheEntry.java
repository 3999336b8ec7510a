package io.computebroker.cache.semantic;

import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.ChatResponse;

import java.time.Instant;

/**
 * One stored answer. It holds no tenant id (the index it lives in is the tenant) and no prompt text: the
 * system text is kept only as a digest, enough to require an exact match.
 */
record CacheEntry(String id, String sourceRequestId, TaskClass task, String systemDigest, String policyVersion,
                  String model, Instant createdAt, float[] vector, ChatResponse response) {

    /** Whether a lookup under these exact-match conditions may consider this entry at all. */
    boolean sameScope(TaskClass t, String digest, String policy) {
        return task == t && systemDigest.equals(digest) && policyVersion.equals(policy);
    }
}
