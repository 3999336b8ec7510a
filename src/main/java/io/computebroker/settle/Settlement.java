package io.computebroker.settle;

import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;

/**
 * The outcome of one request, as the settle stage records it. {@code status} is the HTTP status the
 * caller saw (200 for a stream that started, even if it failed later: {@code error} says so).
 */
public record Settlement(String requestId, Principal principal, Decision decision, Usage usage, Cost cost,
                         int status, String error, boolean streamed, long latencyMicros, long ttftMicros) {}
