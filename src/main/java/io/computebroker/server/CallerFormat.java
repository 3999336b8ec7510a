package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.StreamEncoder;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.anthropic.AnthropicStreamEncoder;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.api.openai.OpenAiStreamEncoder;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.WireFormat;

/** The caller-side half of a wire format, so one handler serves both chat endpoints. */
enum CallerFormat {
    OPENAI(WireFormat.OPENAI, "chatcmpl-") {
        @Override ChatRequest decode(JsonNode body) { return OpenAiCodec.decodeRequest(body); }
        @Override JsonNode encode(ChatResponse r, String id, String model, long created) {
            return OpenAiCodec.encodeResponse(r, id, model, created);
        }
        @Override StreamEncoder streamEncoder(String id, String model, long created, boolean includeUsage) {
            return new OpenAiStreamEncoder(id, model, created, includeUsage);
        }
    },
    ANTHROPIC(WireFormat.ANTHROPIC, "msg_") {
        @Override ChatRequest decode(JsonNode body) { return AnthropicCodec.decodeRequest(body); }
        @Override JsonNode encode(ChatResponse r, String id, String model, long created) {
            return AnthropicCodec.encodeResponse(r, id, model);
        }
        @Override StreamEncoder streamEncoder(String id, String model, long created, boolean includeUsage) {
            return new AnthropicStreamEncoder(id, model);
        }
    };

    final WireFormat wire;
    /** The wire format's lower-case name, for metrics labels and the access log (made once, not per request). */
    final String wireName;
    final String idPrefix;

    CallerFormat(WireFormat wire, String idPrefix) {
        this.wire = wire;
        this.wireName = wire.name().toLowerCase(java.util.Locale.ROOT);
        this.idPrefix = idPrefix;
    }

    abstract ChatRequest decode(JsonNode body);

    abstract JsonNode encode(ChatResponse response, String id, String model, long createdEpochSeconds);

    abstract StreamEncoder streamEncoder(String id, String model, long createdEpochSeconds, boolean includeUsage);
}
