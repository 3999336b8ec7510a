package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;

/**
 * The Anthropic Messages wire format to and from the canonical model, on both sides of the broker:
 * callers speaking Anthropic (decodeRequest, encodeResponse, encodeError) and Anthropic upstreams
 * (encodeRequest, decodeResponse, errorMessage). Streams are handled by {@link AnthropicStreamEncoder}
 * and {@link AnthropicStreamDecoder}.
 *
 * <p>What does not survive translation, by design: redacted_thinking blocks from callers (no canonical
 * form); server tools (kept raw in passthrough, so only an Anthropic upstream sees them); thinking without
 * a signature sent upstream (Anthropic would refuse it); the matched stop sequence (always null).
 */
public final class AnthropicCodec {
    private AnthropicCodec() {}

    /**
     * Caller request to canonical. Validates; throws {@link BrokerException#invalid} naming the field path,
     * e.g. {@code messages[2].content[0].type}. Unmodelled top-level fields go to passthrough.
     */
    public static ChatRequest decodeRequest(JsonNode body) {
        return RequestDecoder.decode(body, false);
    }

    /** Same decoding for POST /v1/messages/count_tokens, where max_tokens is not required. */
    public static ChatRequest decodeCountTokensRequest(JsonNode body) {
        return RequestDecoder.decode(body, true);
    }

    /**
     * Canonical request to an Anthropic Messages API body for {@code upstreamModel}; max_tokens falls back
     * to {@code defaultMaxTokens}. Passthrough fields are copied only when the caller spoke Anthropic.
     */
    public static ObjectNode encodeRequest(ChatRequest req, String upstreamModel, int defaultMaxTokens) {
        return RequestEncoder.encode(req, upstreamModel, defaultMaxTokens);
    }

    /** Upstream Message body to canonical; throws BrokerException(UPSTREAM) on a shape it cannot read. */
    public static ChatResponse decodeResponse(JsonNode body) {
        return ResponseCodec.decode(body);
    }

    /** Canonical answer to the Message body the caller receives. */
    public static ObjectNode encodeResponse(ChatResponse resp, String id, String model) {
        return ResponseCodec.encode(resp, id, model);
    }

    /** {@code {"type":"error","error":{"type":kind.anthropicType,"message":...}}}. */
    public static ObjectNode encodeError(BrokerException e) {
        return ResponseCodec.encodeError(e);
    }

    /** The message of an upstream error body, or null when it has none. */
    public static String errorMessage(JsonNode body) {
        return ResponseCodec.errorMessage(body);
    }
}
