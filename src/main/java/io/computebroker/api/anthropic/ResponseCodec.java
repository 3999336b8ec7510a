package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;

import java.util.ArrayList;
import java.util.List;

/** Non-streaming Message bodies and error bodies, both directions. */
final class ResponseCodec {
    private ResponseCodec() {}

    static ObjectNode encode(ChatResponse resp, String id, String model) {
        ObjectNode out = Json.object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        ArrayNode content = out.putArray("content");
        for (Content c : resp.content()) {
            switch (c) {
                case Content.Text t -> content.add(Blocks.text(t.text(), null));
                case Content.ToolUse u -> content.add(Blocks.toolUse(u.id(), u.name(), u.argumentsJson(), null));
                case Content.Thinking th -> content.add(Blocks.thinking(th.text(), th.signature()));
                // Images and tool results are caller input; an assistant answer never holds them.
                case Content.Image img -> { }
                case Content.ToolResult r -> { }
            }
        }
        out.put("stop_reason", resp.stopReason().anthropic());
        // The canonical model does not keep which stop sequence matched.
        out.putNull("stop_sequence");
        out.set("usage", Blocks.usage(resp.usage(), true));
        return out;
    }

    /**
     * Reads an upstream Message. Block types the canonical model cannot hold (redacted thinking, server
     * tool calls and their results, future types) are skipped rather than failing the whole answer; a
     * known block with a broken shape is an upstream error.
     */
    static ChatResponse decode(JsonNode body) {
        if (body == null || !body.isObject()) throw upstream("upstream response is not a JSON object");
        String type = text(body, "type");
        if ("error".equals(type)) {
            String msg = errorMessage(body);
            throw upstream("upstream returned an error body: " + (msg == null ? "(no message)" : msg));
        }
        if (type != null && !type.equals("message")) throw upstream("upstream response has type '" + type + "', expected message");
        JsonNode content = body.get("content");
        if (content == null || !content.isArray()) throw upstream("upstream message has no content array");
        List<Content> out = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            JsonNode b = content.get(i);
            String bt = b == null ? null : text(b, "type");
            if (bt == null) throw upstream("upstream content[" + i + "] has no type");
            switch (bt) {
                case "text" -> out.add(Content.Text.of(required(b, "text", i)));
                case "tool_use" -> {
                    JsonNode input = b.get("input");
                    String args = input == null || input.isNull() ? "{}" : Json.write(input);
                    out.add(new Content.ToolUse(required(b, "id", i), required(b, "name", i), args, null));
                }
                case "thinking" -> out.add(new Content.Thinking(required(b, "thinking", i), text(b, "signature"), null));
                default -> { }
            }
        }
        return new ChatResponse(text(body, "id"), text(body, "model"), out,
                StopReason.fromAnthropic(text(body, "stop_reason")), Blocks.decodeUsage(body.get("usage")));
    }

    static ObjectNode encodeError(BrokerException e) {
        ObjectNode out = Json.object().put("type", "error");
        String message = e.getMessage() == null ? e.kind().name().toLowerCase(java.util.Locale.ROOT) : e.getMessage();
        out.putObject("error").put("type", e.kind().anthropicType).put("message", message);
        return out;
    }

    /** {"error":{"message"}} (Anthropic), {"error":"text"}, or {"message"}: the first that is present. */
    static String errorMessage(JsonNode body) {
        if (body == null || !body.isObject()) return null;
        JsonNode err = body.get("error");
        if (err != null && err.isObject()) {
            String m = text(err, "message");
            if (m != null && !m.isBlank()) return m;
        }
        if (err != null && err.isTextual() && !err.textValue().isBlank()) return err.textValue();
        String m = text(body, "message");
        return m == null || m.isBlank() ? null : m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static String required(JsonNode b, String field, int i) {
        String v = text(b, field);
        if (v == null) throw upstream("upstream content[" + i + "] (" + text(b, "type") + ") has no string " + field);
        return v;
    }

    static BrokerException upstream(String message) {
        return new BrokerException(ErrorKind.UPSTREAM, message);
    }
}
