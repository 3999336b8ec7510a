package io.computebroker.pipeline;

import io.computebroker.classify.CallerSignals;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.WireFormat;
import io.computebroker.identify.Principal;

import java.util.Map;

/**
 * One authenticated call entering the pipeline. {@code declared} holds the caller's x-broker-* signals;
 * {@code forwardHeaders} are caller headers a same-format upstream should see (e.g. {@code anthropic-beta});
 * {@code startNanos} from System.nanoTime(). {@code lane} is null for interactive calls; deferred (batch)
 * work carries the lane that narrows its route and prices it.
 */
public record Exchange(String requestId, Principal principal, ChatRequest request, CallerSignals declared,
                       WireFormat callerFormat, Map<String, String> forwardHeaders, long startNanos, Lane lane) {
    public Exchange {
        forwardHeaders = forwardHeaders == null ? Map.of() : Map.copyOf(forwardHeaders);
        if (declared == null) declared = CallerSignals.NONE;
    }

    /** An interactive call. */
    public Exchange(String requestId, Principal principal, ChatRequest request, CallerSignals declared,
                    WireFormat callerFormat, Map<String, String> forwardHeaders, long startNanos) {
        this(requestId, principal, request, declared, callerFormat, forwardHeaders, startNanos, null);
    }
}
