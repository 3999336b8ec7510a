package io.computebroker.settle;

import io.computebroker.core.ChatRequest;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;

/**
 * A request about to be dispatched: what the ledger records before any byte goes upstream.
 * {@code reservedNusd} is the worst case (prompt + max output at the dearest candidate); a crash before
 * settling bills this. {@code request} is there for opt-in text capture and is never serialised.
 */
public record Pending(String requestId, Principal principal, Decision decision, long reservedNusd, String promptHash,
                      long createdAtMs, ChatRequest request) {}
