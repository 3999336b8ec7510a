package io.computebroker.settle;

import io.computebroker.core.ChatRequest;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;

/**
 * A request about to be dispatched: what the ledger records before any byte goes upstream.
 * {@code reservedNusd} is the worst case (prompt + max output at the dearest candidate); a crash before
 * settling bills this. {@code request} is there for opt-in text capture and is never serialised.
 * Deferred work names its {@code lane} and the {@code syncRoute} a synchronous call would have taken.
 */
public record Pending(String requestId, Principal principal, Decision decision, long reservedNusd, String promptHash,
                      long createdAtMs, ChatRequest request, String lane, io.computebroker.config.ModelConfig syncRoute) {

    /** An interactive call (no lane, so no synchronous route to compare with). */
    public Pending(String requestId, Principal principal, Decision decision, long reservedNusd, String promptHash,
                   long createdAtMs, ChatRequest request) {
        this(requestId, principal, decision, reservedNusd, promptHash, createdAtMs, request, null, null);
    }
}
