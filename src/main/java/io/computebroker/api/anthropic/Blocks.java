package io.computebroker.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Usage;

/**
 * Anthropic JSON for single content blocks and usage objects, shared by the request, response and
 * stream encoders so all three emit the same field order (the golden tests pin it byte for byte).
 */
final class Blocks {
    private Blocks() {}

    /** Strict: "{}garbage" is not an arguments object, whatever Jackson's lenient default says. */
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static ObjectNode text(String text, JsonNode cacheControl) {
        ObjectNode b = Json.object().put("type", "text").put("text", text);
        if (cacheControl != null) b.set("cache_control", cacheControl);
        return b;
    }

    static ObjectNode image(Content.Image img) {
        ObjectNode src = Json.object();
        String mediaType = img.mediaType();
        String data = img.data();
        // A data: URL that reached here unsplit (e.g. straight from an OpenAI caller) is inline data to
        // Anthropic, which refuses data: URLs in a url source.
        if (data == null && img.url() != null && img.url().startsWith("data:")) {
            int comma = img.url().indexOf(',');
            String meta = comma < 0 ? "" : img.url().substring(5, comma);
            if (meta.endsWith(";base64")) {
                mediaType = meta.substring(0, meta.length() - ";base64".length());
                data = img.url().substring(comma + 1);
            }
        }
        if (data != null) {
            src.put("type", "base64");
            if (mediaType != null) src.put("media_type", mediaType);
            src.put("data", data);
        } else {
            src.put("type", "url").put("url", img.url());
        }
        ObjectNode b = Json.object().put("type", "image");
        b.set("source", src);
        if (img.cacheControl() != null) b.set("cache_control", img.cacheControl());
        return b;
    }

    static ObjectNode toolUse(String id, String name, String argumentsJson, JsonNode cacheControl) {
        ObjectNode b = Json.object().put("type", "tool_use").put("id", id).put("name", name);
        b.set("input", toolInput(argumentsJson));
        if (cacheControl != null) b.set("cache_control", cacheControl);
        return b;
    }

    static ObjectNode thinking(String text, String signature) {
        // The SDKs type signature as a required string; a reasoning text from a provider that does not sign
        // it goes out with "" so the block still parses.
        return Json.object().put("type", "thinking").put("thinking", text).put("signature", signature == null ? "" : signature);
    }

    /**
     * Anthropic wants {@code input} to be a JSON object; canonical tool calls carry raw argument text.
     * Blank text (OpenAI models send "" for argument-less calls) becomes {}. Text that is not a JSON object
     * (truncated output at max_tokens, a model's malformed JSON) is kept as {"_raw": text}: the history is
     * the caller's and must stay replayable, so refusing it would be wrong, and dropping it would hide from
     * the model what it actually produced.
     */
    static ObjectNode toolInput(String argumentsJson) {
        if (argumentsJson == null || argumentsJson.isBlank()) return Json.object();
        try {
            JsonNode n = STRICT.readTree(argumentsJson);
            if (n != null && n.isObject()) return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            // fall through to the raw wrapper
        }
        return Json.object().put("_raw", argumentsJson);
    }

    /** Anthropic usage: its input_tokens excludes cache reads and writes, the canonical count includes them. */
    static ObjectNode usage(Usage u, boolean withInput) {
        ObjectNode n = Json.object();
        if (withInput) {
            n.put("input_tokens", u.uncachedInputTokens())
                    .put("cache_creation_input_tokens", u.cacheWriteTokens())
                    .put("cache_read_input_tokens", u.cachedInputTokens());
        }
        return n.put("output_tokens", u.outputTokens());
    }

    /** Anthropic usage object to canonical; absent or null counts are 0. */
    static Usage decodeUsage(JsonNode u) {
        if (u == null || !u.isObject()) return Usage.ZERO;
        long input = count(u, "input_tokens");
        long read = count(u, "cache_read_input_tokens");
        long write = count(u, "cache_creation_input_tokens");
        return new Usage(input + read + write, read, write, count(u, "output_tokens"), 0);
    }

    private static long count(JsonNode u, String field) {
        JsonNode v = u.get(field);
        return v != null && v.isNumber() ? Math.max(0, v.asLong()) : 0;
    }
}
