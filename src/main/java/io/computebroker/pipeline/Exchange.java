package io.computebroker.pipeline;

import io.computebroker.core.ChatRequest;
import io.computebroker.core.WireFormat;
import io.computebroker.identify.Principal;

import java.util.Map;

/**
 * One authenticated call entering the pipeline. {@code forwardHeaders} are caller headers that a
 * same-format upstream should see (e.g. {@code anthropic-beta}); {@code startNanos} from System.nanoTime().
 */
public record Exchange(String requestId, Principal principal, ChatRequest request, WireFormat callerFormat,
                       Map<String, String> forwardHeaders, long startNanos) {
    public Exchange {
        forwardHeaders = forwardHeaders == null ? Map.of() : Map.copyOf(forwardHeaders);
    }
}
