package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;

/**
 * The OpenAI Chat Completions wire format to and from the canonical model, on both sides of the broker:
 * callers speak it to us, and OpenAI-compatible upstreams (OpenAI, vLLM, Ollama, OpenRouter) are spoken
 * to in it. Stateless and thread-safe; streaming lives in {@link OpenAiStreamEncoder} and
 * {@link OpenAiStreamDecoder}.
 */
public final class OpenAiCodec {
    private OpenAiCodec() {}

    /**
     * Caller request to canonical. Validates; throws {@link BrokerException#invalid} naming the field path
     * (e.g. {@code messages[2].content[0].type}). Fields the canonical model does not know are kept in
     * {@link ChatRequest#passthrough()}; the source is {@code WireFormat.OPENAI}.
     */
    public static ChatRequest decodeRequest(JsonNode body) {
        return RequestDecoder.decode(body);
    }

    /**
     * Canonical to a request body for an OpenAI-compatible upstream, for {@code upstreamModel}. A streaming
     * request always asks for {@code stream_options.include_usage} (billing needs it). Passthrough fields are
     * copied only when the request came in as OpenAI; {@code metadata} is broker-level and never forwarded.
     */
    public static ObjectNode encodeRequest(ChatRequest req, String upstreamModel) {
        return RequestEncoder.encode(req, upstreamModel);
    }

    /** Upstream chat.completion body (choice 0) to canonical; an unreadable shape is an UPSTREAM error. */
    public static ChatResponse decodeResponse(JsonNode body) {
        return ResponseCodec.decode(body);
    }

    /** Canonical to the chat.completion body the caller receives. */
    public static ObjectNode encodeResponse(ChatResponse resp, String id, String model, long createdEpochSeconds) {
        return ResponseCodec.encode(resp, id, model, createdEpochSeconds);
    }

    /** {@code {"error":{"message","type","param","code"}}}, the shape OpenAI SDKs parse. */
    public static ObjectNode encodeError(BrokerException e) {
        return ResponseCodec.error(e);
    }

    /**
     * The message in an upstream error body, whichever of the common shapes it takes
     * ({@code {"error":{"message"}}}, {@code {"error":"text"}}, {@code {"message"}}, {@code {"detail"}}); null if none.
     */
    public static String errorMessage(JsonNode body) {
        return ResponseCodec.errorMessage(body);
    }
}
