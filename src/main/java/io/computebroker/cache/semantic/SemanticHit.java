package io.computebroker.cache.semantic;

import io.computebroker.core.ChatResponse;

import java.time.Duration;

/**
 * A stored answer close enough to reuse.
 *
 * @param entryId         the cache entry, for logs and the audit trail
 * @param sourceRequestId the request whose answer this is; a served hit should be attributed to it
 * @param similarity      cosine similarity of the two key texts
 * @param age             time since the answer was stored
 * @param model           the model that produced the answer
 * @param response        the stored answer
 * @param shadow          the rules were in shadow mode: the caller must record the hit and dispatch anyway.
 *                        Carried on the hit so a caller holding only the hit cannot serve it by mistake.
 */
public record SemanticHit(String entryId, String sourceRequestId, double similarity, Duration age, String model,
                          ChatResponse response, boolean shadow) {

    /** True when the caller may answer from the cache instead of dispatching. */
    public boolean servable() { return !shadow; }
}
