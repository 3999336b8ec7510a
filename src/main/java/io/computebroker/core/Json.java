package io.computebroker.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one shared, thread-safe Jackson mapper. Wire JSON is handled as trees so unknown fields survive. */
public final class Json {
    /**
     * Jackson's default buffer recycling is per thread, and on virtual threads (one per request here) it
     * recycles nothing: every parser and generator allocated fresh 8-16 KB buffers, the largest share of
     * the gateway's allocation in a profile. A shared lock-free pool serves every thread.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON tree", e);
        }
    }

    /**
     * UTF-8 bytes straight from Jackson's byte generator: what goes on a socket. {@code write(n).getBytes()}
     * went through the char-based generator and a second copy (the char generator's string escaping was
     * the top self-time frame of the gateway at concurrency 1).
     */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON tree", e);
        }
    }

    /** Parses caller input; malformed JSON becomes a 400 naming the position. */
    public static JsonNode parse(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) throw BrokerException.invalid(null, "request body is empty; expected a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw BrokerException.invalid(null, "malformed JSON in request body: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw BrokerException.invalid(null, "unreadable request body: " + e.getMessage());
        }
    }

    public static JsonNode parse(String text) {
        return parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
