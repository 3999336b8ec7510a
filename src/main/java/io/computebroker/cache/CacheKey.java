package io.computebroker.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The exact-cache key: tenant + the route + everything that changes the output, in one canonical JSON
 * (object keys sorted, no insignificant whitespace, tool-call arguments re-serialised), hashed. Two
 * requests that differ only in key order or JSON spacing — or in wire format — get the same key; two
 * tenants never do.
 */
public final class CacheKey {
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private CacheKey() {}

    public static String of(String tenant, String model, ChatRequest request) {
        // The OpenAI encoding is a complete, format-neutral rendering of the canonical request.
        ObjectNode body = OpenAiCodec.encodeRequest(request.withStream(false), model);
        body.remove("stream");
        body.remove("stream_options");
        body.remove("user");
        JsonNode canonical = sorted(body);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(tenant.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(CANONICAL.writeValueAsBytes(canonical));
            return "x:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy with object fields in key order, and JSON-in-strings (tool arguments) normalised too. */
    static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = Json.object();
            java.util.List<String> names = new java.util.ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            java.util.Collections.sort(names);
            for (String k : names) {
                JsonNode v = n.get(k);
                if (k.equals("arguments") && v.isTextual()) {
                    try {
                        out.put(k, CANONICAL.writeValueAsString(sorted(Json.MAPPER.readTree(v.asText()))));
                        continue;
                    } catch (java.io.IOException | RuntimeException notJson) {
                        // not JSON: keep the string as sent
                    }
                }
                out.set(k, sorted(v));
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            n.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return n;
    }
}
