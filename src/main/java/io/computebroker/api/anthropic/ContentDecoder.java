package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Role;

import java.util.ArrayList;
import java.util.List;

import static io.computebroker.api.anthropic.Fields.*;

/**
 * Caller {@code messages} (and {@code system}) to canonical content. Validates the way the Anthropic API
 * does for the parts the canonical model carries, so a caller gets the 400 here, naming the field, instead
 * of a translated upstream error that may come from a provider of another format.
 */
final class ContentDecoder {
    private ContentDecoder() {}

    static final String ACCEPTED = "text, image, tool_use, tool_result, thinking, redacted_thinking";

    static List<Message> messages(JsonNode body) {
        JsonNode raw = get(body, "messages");
        if (raw == null) throw missing("messages");
        if (!raw.isArray()) throw wrongType("messages", "an array", raw);
        if (raw.isEmpty()) throw invalid("messages", "at least one message is required");
        List<Message> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String p = index("messages", i);
            ObjectNode m = element(raw.get(i), p);
            Role role = role(m, p);
            out.add(new Message(role, content(m, p, role)));
        }
        return out;
    }

    private static Role role(ObjectNode m, String p) {
        String role = requiredString(m, "role", p);
        return switch (role) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            default -> throw invalid(path(p, "role"), "unknown role '" + role
                    + "'; expected user or assistant (system text goes in the top-level system field)");
        };
    }

    private static List<Content> content(ObjectNode m, String p, Role role) {
        JsonNode c = get(m, "content");
        String cp = path(p, "content");
        if (c == null) throw missing(cp);
        if (c.isTextual()) return List.of(Content.Text.of(c.textValue()));
        if (!c.isArray()) throw wrongType(cp, "a string or an array of content blocks", c);
        List<Content> out = new ArrayList<>(c.size());
        for (int j = 0; j < c.size(); j++) {
            Content block = block(c.get(j), index(cp, j), role);
            if (block != null) out.add(block);
        }
        return out;
    }

    /** One message block; null for blocks the canonical model deliberately drops (redacted thinking). */
    private static Content block(JsonNode raw, String p, Role role) {
        ObjectNode b = element(raw, p);
        String type = requiredString(b, "type", p);
        return switch (type) {
            case "text" -> text(b, p);
            case "image" -> image(b, p);
            case "tool_use" -> {
                requireRole(role, Role.ASSISTANT, type, p);
                yield toolUse(b, p);
            }
            case "tool_result" -> {
                requireRole(role, Role.USER, type, p);
                yield toolResult(b, p);
            }
            case "thinking" -> {
                requireRole(role, Role.ASSISTANT, type, p);
                yield new Content.Thinking(requiredString(b, "thinking", p), optionalString(b, "signature", p),
                        optionalObject(b, "cache_control", p));
            }
            // Encrypted reasoning with no text; the canonical model has no slot for it and no other
            // provider could use it, so it is dropped (Anthropic accepts a history without it).
            case "redacted_thinking" -> {
                requireRole(role, Role.ASSISTANT, type, p);
                yield null;
            }
            default -> throw invalid(path(p, "type"), "unsupported content block type '" + type
                    + "'; this gateway accepts " + ACCEPTED);
        };
    }

    private static void requireRole(Role actual, Role expected, String type, String p) {
        if (actual != expected) {
            throw invalid(path(p, "type"), type + " blocks are only allowed in "
                    + expected.name().toLowerCase(java.util.Locale.ROOT) + " messages");
        }
    }

    static Content.Text text(ObjectNode b, String p) {
        return new Content.Text(requiredString(b, "text", p), optionalObject(b, "cache_control", p));
    }

    private static Content.Image image(ObjectNode b, String p) {
        ObjectNode src = requiredObject(b, "source", p);
        String sp = path(p, "source");
        String kind = requiredString(src, "type", sp);
        JsonNode cache = optionalObject(b, "cache_control", p);
        return switch (kind) {
            case "base64" -> new Content.Image(requiredString(src, "media_type", sp), requiredString(src, "data", sp),
                    null, null, cache);
            case "url" -> new Content.Image(null, null, requiredString(src, "url", sp), null, cache);
            default -> throw invalid(path(sp, "type"), "unsupported image source type '" + kind
                    + "'; expected base64 or url");
        };
    }

    private static Content.ToolUse toolUse(ObjectNode b, String p) {
        String id = requiredString(b, "id", p);
        String name = requiredString(b, "name", p);
        ObjectNode input = requiredObject(b, "input", p);
        return new Content.ToolUse(id, name, Json.write(input), optionalObject(b, "cache_control", p));
    }

    private static Content.ToolResult toolResult(ObjectNode b, String p) {
        String id = requiredString(b, "tool_use_id", p);
        Boolean isError = optionalBoolean(b, "is_error", p);
        JsonNode c = get(b, "content");
        String cp = path(p, "content");
        List<Content> parts = new ArrayList<>();
        if (c != null && c.isTextual()) {
            // "" and an absent content mean the same to Anthropic: an empty result.
            if (!c.textValue().isEmpty()) parts.add(Content.Text.of(c.textValue()));
        } else if (c != null && c.isArray()) {
            for (int k = 0; k < c.size(); k++) {
                String kp = index(cp, k);
                ObjectNode part = element(c.get(k), kp);
                String type = requiredString(part, "type", kp);
                switch (type) {
                    case "text" -> parts.add(text(part, kp));
                    case "image" -> parts.add(image(part, kp));
                    default -> throw invalid(path(kp, "type"), "unsupported tool_result content block type '"
                            + type + "'; expected text or image");
                }
            }
        } else if (c != null) {
            throw wrongType(cp, "a string or an array of content blocks", c);
        }
        return new Content.ToolResult(id, parts, Boolean.TRUE.equals(isError), optionalObject(b, "cache_control", p));
    }

    /** Top-level {@code system}: a string or an array of text blocks. */
    static List<Content> system(JsonNode body) {
        JsonNode s = get(body, "system");
        if (s == null) return List.of();
        if (s.isTextual()) return s.textValue().isEmpty() ? List.of() : List.of(Content.Text.of(s.textValue()));
        if (!s.isArray()) throw wrongType("system", "a string or an array of text blocks", s);
        ArrayNode arr = (ArrayNode) s;
        List<Content> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String p = index("system", i);
            ObjectNode b = element(arr.get(i), p);
            String type = requiredString(b, "type", p);
            if (!type.equals("text")) throw invalid(path(p, "type"), "system blocks must be of type text, got '" + type + "'");
            out.add(text(b, p));
        }
        return out;
    }
}
