package io.computebroker.provider;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatRequest;

import java.util.Map;

/**
 * One attempt against one model: the canonical request, the model it goes to, and headers to forward
 * (only those a same-format upstream understands, such as {@code anthropic-beta}; never the caller's key).
 */
public record UpstreamCall(String requestId, ChatRequest request, ModelConfig model, Map<String, String> forwardHeaders) {
    public UpstreamCall {
        forwardHeaders = forwardHeaders == null ? Map.of() : Map.copyOf(forwardHeaders);
    }
}
