package io.computebroker.settle;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.dispatch.Attempt;
import io.computebroker.identify.Principal;

import java.util.List;

/**
 * The outcome of one request, as the settle stage records it. {@code served} is null when no model
 * answered. {@code status} is the HTTP status the caller saw (200 for a stream that started, even if it
 * failed later: {@code error} says so). A cache hit has {@code cacheOutcome} set and {@code savedNusd} the
 * cost of the call it replayed (what the hit saved).
 */
public record Settlement(String requestId, Principal principal, Decision decision, ModelConfig served, List<Attempt> attempts,
                         boolean spilled, boolean fellBack, Usage usage, Cost cost, int status, String error, boolean streamed,
                         long latencyMicros, long ttftMicros, Pending pending, String completionText, String cacheOutcome,
                         long savedNusd) {
    public Settlement {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }
}
