package io.computebroker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.classify.CallerSignals;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.WireFormat;
import io.computebroker.identify.KeyStore;
import io.computebroker.identify.Principal;

import java.util.HashMap;
import java.util.Map;

/**
 * A batch item's request as the pipeline takes it: decoded from the body in the batch's format, with
 * the key that created the batch and the caller's signals (batch headers, then the item's metadata).
 * Answers and errors go back in the same format.
 */
public record ItemRequest(WireFormat wire, Principal principal, ChatRequest request, CallerSignals declared) {

    /** Decodes the item; a revoked key or a malformed body is a {@link BrokerException} (final for the item). */
    public static ItemRequest of(Batch b, String body, KeyStore keys) {
        WireFormat wire = BatchInput.formatOf(b.endpoint());
        Principal principal = keys.principal(b.keyId()).orElseThrow(() -> new BrokerException(ErrorKind.AUTHENTICATION,
                "the key that created this batch has been revoked; the request was not run"));
        JsonNode json = Json.parse(body);
        ChatRequest request = (wire == WireFormat.ANTHROPIC ? AnthropicCodec.decodeRequest(json) : OpenAiCodec.decodeRequest(json)).withStream(false);
        return new ItemRequest(wire, principal, request, CallerSignals.read(signals(b.signals()), request.metadata()));
    }

    /** The answer as the caller's format has it. */
    public String answer(ChatResponse response, String itemId, String model, long createdSeconds) {
        return Json.write(wire == WireFormat.ANTHROPIC
                ? AnthropicCodec.encodeResponse(response, "msg_" + itemId, model)
                : OpenAiCodec.encodeResponse(response, "chatcmpl-" + itemId, model, createdSeconds));
    }

    public static String error(WireFormat wire, BrokerException e) {
        return Json.write(wire == WireFormat.ANTHROPIC ? AnthropicCodec.encodeError(e) : OpenAiCodec.encodeError(e));
    }

    static Map<String, String> signals(String json) {
        if (json == null) return Map.of();
        Map<String, String> out = new HashMap<>();
        Json.parse(json).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
