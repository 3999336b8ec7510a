package io.computebroker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Json;
import io.computebroker.core.WireFormat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a batch input file (JSONL, one {@code {custom_id, method, url, body}} per line) against the
 * batch's endpoint. Like the OpenAI Batch API, one bad line fails the whole batch with a list of
 * errors naming each line, so nothing of a malformed file is run (or billed).
 */
public final class BatchInput {
    /** The OpenAI Batch API's limit on requests per batch. */
    public static final int MAX_REQUESTS = 50_000;
    static final int MAX_ERRORS = 100;

    private BatchInput() {}

    /** One valid line: its caller id and the request body as JSON text. */
    public record Line(int number, String customId, String body) {}

    /** Valid lines, or (when any line is bad) the errors, as the batch object's {@code errors.data}. */
    public record Parsed(List<Line> lines, ArrayNode errors) {
        public boolean ok() { return errors.isEmpty(); }
    }

    /** The wire format of a batchable endpoint, or null for one the broker does not batch. */
    public static WireFormat formatOf(String endpoint) {
        return switch (endpoint == null ? "" : endpoint) {
            case "/v1/chat/completions" -> WireFormat.OPENAI;
            case "/v1/messages" -> WireFormat.ANTHROPIC;
            default -> null;
        };
    }

    public static Parsed parse(String content, String endpoint) {
        WireFormat format = formatOf(endpoint);
        List<Line> lines = new ArrayList<>();
        ArrayNode errors = Json.MAPPER.createArrayNode();
        Set<String> ids = new HashSet<>();
        String[] raw = content.split("\r?\n", -1);
        int requests = 0;
        for (int i = 0; i < raw.length && errors.size() < MAX_ERRORS; i++) {
            int number = i + 1;
            if (raw[i].isBlank()) continue;
            if (++requests > MAX_REQUESTS) {
                errors.add(error("too_many_requests", "a batch holds at most " + MAX_REQUESTS + " requests", null, number));
                break;
            }
            JsonNode n;
            try {
                n = Json.parse(raw[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                errors.add(error("invalid_json_line", "line " + number + " is not valid JSON", null, number));
                continue;
            }
            if (!n.isObject()) {
                errors.add(error("invalid_json_line", "line " + number + " must be a JSON object", null, number));
                continue;
            }
            String customId = n.path("custom_id").isTextual() ? n.get("custom_id").asText() : null;
            if (customId == null || customId.isEmpty() || customId.length() > 200) {
                errors.add(error("missing_custom_id", "custom_id must be a string of 1 to 200 characters", "custom_id", number));
                continue;
            }
            if (!ids.add(customId)) {
                errors.add(error("duplicate_custom_id", "custom_id '" + customId + "' is used more than once", "custom_id", number));
                continue;
            }
            if (!"POST".equals(n.path("method").asText())) {
                errors.add(error("invalid_method", "method must be POST", "method", number));
                continue;
            }
            if (!endpoint.equals(n.path("url").asText())) {
                errors.add(error("mismatched_url", "url must be the batch's endpoint " + endpoint, "url", number));
                continue;
            }
            JsonNode body = n.get("body");
            if (body == null || !body.isObject()) {
                errors.add(error("invalid_request", "body must be a JSON object", "body", number));
                continue;
            }
            if (body.path("stream").asBoolean(false)) {
                errors.add(error("invalid_request", "streaming is not available in a batch; drop body.stream", "body.stream", number));
                continue;
            }
            try {
                if (format == WireFormat.ANTHROPIC) AnthropicCodec.decodeRequest(body); else OpenAiCodec.decodeRequest(body);
            } catch (BrokerException e) {
                errors.add(error("invalid_request", e.getMessage(), e.param() == null ? "body" : "body." + e.param(), number));
                continue;
            }
            lines.add(new Line(number, customId, Json.write(body)));
        }
        if (lines.isEmpty() && errors.isEmpty()) errors.add(error("empty_file", "the input file holds no requests", null, null));
        return new Parsed(errors.isEmpty() ? lines : List.of(), errors);
    }

    private static ObjectNode error(String code, String message, String param, Integer line) {
        ObjectNode e = Json.object();
        e.put("code", code);
        e.put("message", message);
        if (param == null) e.putNull("param"); else e.put("param", param);
        if (line == null) e.putNull("line"); else e.put("line", line);
        return e;
    }
}
