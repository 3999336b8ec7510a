package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Role;

import java.util.ArrayList;
import java.util.List;

import static io.computebroker.api.openai.Fields.path;
import static io.computebroker.api.openai.Fields.present;

/**
 * Decodes the caller's {@code messages} array. System and developer turns are hoisted into the canonical
 * system list; tool (and legacy function) results become ToolResult blocks in user turns, because that is
 * where both the canonical model and Anthropic keep them. One instance per request (it carries the legacy
 * function-call id between an assistant turn and its answer).
 */
final class MessageDecoder {
    final List<Content> system = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();

    /** Results of the current run of consecutive tool messages; flushed into one user turn. */
    private List<Content> pendingResults;
    /** Legacy function_call carries no id; we mint one so the matching "function" answer can refer to it. */
    private String lastLegacyCallId;

    static MessageDecoder decode(JsonNode messagesNode) {
        if (!present(messagesNode)) throw BrokerException.invalid("messages", "messages is required");
        ArrayNode arr = Fields.array(messagesNode, "messages");
        if (arr.isEmpty()) throw BrokerException.invalid("messages", "messages must not be empty");
        MessageDecoder d = new MessageDecoder();
        for (int i = 0; i < arr.size(); i++) d.message(arr.get(i), "messages[" + i + "]");
        d.flushResults();
        return d;
    }

    private void message(JsonNode node, String p) {
        ObjectNode m = Fields.object(node, p);
        String role = Fields.requiredString(m, "role", path(p, "role"));
        switch (role) {
            case "system", "developer" -> {
                // Hoisting a mid-conversation system turn must not glue the tool results around it together.
                flushResults();
                system.addAll(textOnly(m.get("content"), path(p, "content"), true));
            }
            case "user" -> {
                flushResults();
                messages.add(new Message(Role.USER, userContent(m.get("content"), path(p, "content"))));
            }
            case "assistant" -> {
                flushResults();
                messages.add(new Message(Role.ASSISTANT, assistantContent(m, p)));
            }
            case "tool" -> {
                String id = Fields.requiredString(m, "tool_call_id", path(p, "tool_call_id"));
                addResult(new Content.ToolResult(id, textOnly(m.get("content"), path(p, "content"), true), false, null));
            }
            case "function" -> {
                String id = lastLegacyCallId != null ? lastLegacyCallId
                        : "call_" + Fields.requiredString(m, "name", path(p, "name"));
                addResult(new Content.ToolResult(id, textOnly(m.get("content"), path(p, "content"), false), false, null));
            }
            default -> throw BrokerException.invalid(path(p, "role"), path(p, "role") + " '" + role
                    + "' is not supported; expected system, developer, user, assistant or tool");
        }
    }

    private void addResult(Content.ToolResult r) {
        if (pendingResults == null) pendingResults = new ArrayList<>();
        pendingResults.add(r);
    }

    private void flushResults() {
        if (pendingResults != null) messages.add(new Message(Role.USER, pendingResults));
        pendingResults = null;
    }

    /** String or array of text parts (system, developer, tool). */
    private static List<Content> textOnly(JsonNode content, String p, boolean required) {
        if (!present(content)) {
            if (required) throw BrokerException.invalid(p, p + " is required");
            return List.of();
        }
        if (content.isTextual()) return List.of(Content.Text.of(content.textValue()));
        ArrayNode parts = arrayOrString(content, p);
        List<Content> out = new ArrayList<>(parts.size());
        for (int j = 0; j < parts.size(); j++) {
            String pp = path(p, j);
            ObjectNode part = Fields.object(parts.get(j), pp);
            String type = Fields.requiredString(part, "type", path(pp, "type"));
            if (!type.equals("text")) throw unsupportedPart(pp, type, "text");
            out.add(textPart(part, pp));
        }
        return out;
    }

    private static List<Content> userContent(JsonNode content, String p) {
        if (!present(content)) throw BrokerException.invalid(p, p + " is required");
        if (content.isTextual()) return List.of(Content.Text.of(content.textValue()));
        ArrayNode parts = arrayOrString(content, p);
        if (parts.isEmpty()) throw BrokerException.invalid(p, p + " must not be empty");
        List<Content> out = new ArrayList<>(parts.size());
        for (int j = 0; j < parts.size(); j++) {
            String pp = path(p, j);
            ObjectNode part = Fields.object(parts.get(j), pp);
            String type = Fields.requiredString(part, "type", path(pp, "type"));
            switch (type) {
                case "text" -> out.add(textPart(part, pp));
                case "image_url" -> out.add(imagePart(part, pp));
                default -> throw unsupportedPart(pp, type, "text or image_url");
            }
        }
        return out;
    }

    private List<Content> assistantContent(ObjectNode m, String p) {
        List<Content> out = new ArrayList<>();
        JsonNode content = m.get("content");
        String cp = path(p, "content");
        JsonNode toolCalls = m.get("tool_calls");
        JsonNode functionCall = m.get("function_call");
        boolean hasCalls = present(toolCalls) || present(functionCall);
        if (present(content)) {
            if (content.isTextual()) {
                // "" next to tool calls is how many clients spell "no text"; an empty block helps nobody.
                if (!content.textValue().isEmpty() || !hasCalls) out.add(Content.Text.of(content.textValue()));
            } else {
                ArrayNode parts = arrayOrString(content, cp);
                for (int j = 0; j < parts.size(); j++) {
                    String pp = path(cp, j);
                    ObjectNode part = Fields.object(parts.get(j), pp);
                    String type = Fields.requiredString(part, "type", path(pp, "type"));
                    switch (type) {
                        case "text" -> out.add(textPart(part, pp));
                        // A replayed refusal is still what the assistant said.
                        case "refusal" -> out.add(Content.Text.of(
                                Fields.requiredString(part, "refusal", path(pp, "refusal"))));
                        default -> throw unsupportedPart(pp, type, "text or refusal");
                    }
                }
            }
        } else if (!hasCalls) {
            throw BrokerException.invalid(cp, cp + " is required unless tool_calls is set");
        }
        if (present(toolCalls)) {
            String tp = path(p, "tool_calls");
            ArrayNode calls = Fields.array(toolCalls, tp);
            for (int k = 0; k < calls.size(); k++) out.add(toolCall(calls.get(k), path(tp, k)));
        } else if (present(functionCall)) {
            String fp = path(p, "function_call");
            ObjectNode fc = Fields.object(functionCall, fp);
            String name = Fields.requiredNonEmptyString(fc, "name", path(fp, "name"));
            lastLegacyCallId = "call_" + messages.size() + "_" + name;
            out.add(new Content.ToolUse(lastLegacyCallId, name, arguments(fc, path(fp, "arguments")), null));
        }
        return out;
    }

    private static Content.ToolUse toolCall(JsonNode node, String p) {
        ObjectNode call = Fields.object(node, p);
        String type = Fields.optString(call, "type", path(p, "type"));
        if (type != null && !type.equals("function")) {
            throw BrokerException.invalid(path(p, "type"), path(p, "type") + " '" + type + "' is not supported; expected function");
        }
        String id = Fields.requiredNonEmptyString(call, "id", path(p, "id"));
        String fp = path(p, "function");
        JsonNode fn = call.get("function");
        if (!present(fn)) throw BrokerException.invalid(fp, fp + " is required");
        ObjectNode f = Fields.object(fn, fp);
        String name = Fields.requiredNonEmptyString(f, "name", path(fp, "name"));
        return new Content.ToolUse(id, name, arguments(f, path(fp, "arguments")), null);
    }

    /** Arguments are JSON text; some clients send the object itself, which we accept and serialise. */
    private static String arguments(ObjectNode fn, String p) {
        JsonNode a = fn.get("arguments");
        if (!present(a)) return "{}";
        if (a.isTextual()) return a.textValue();
        if (a.isObject()) return Json.write(a);
        throw BrokerException.invalid(p, p + " must be a string");
    }

    private static Content.Text textPart(ObjectNode part, String pp) {
        return new Content.Text(Fields.requiredString(part, "text", path(pp, "text")), cacheControl(part));
    }

    private static Content.Image imagePart(ObjectNode part, String pp) {
        String ip = path(pp, "image_url");
        JsonNode img = part.get("image_url");
        if (!present(img)) throw BrokerException.invalid(ip, ip + " is required");
        String url;
        String detail = null;
        String up = ip;
        if (img.isTextual()) {
            url = img.textValue(); // Ollama-style shorthand: the URL itself
        } else {
            ObjectNode o = Fields.object(img, ip);
            up = path(ip, "url");
            url = Fields.requiredNonEmptyString(o, "url", up);
            detail = Fields.optString(o, "detail", path(ip, "detail"));
        }
        if (url.regionMatches(true, 0, "data:", 0, 5)) {
            int comma = url.indexOf(',');
            String meta = comma < 0 ? "" : url.substring(5, comma);
            if (comma < 0 || !meta.endsWith(";base64")) {
                throw BrokerException.invalid(up, up + " data: URL must be base64-encoded (data:<type>;base64,<data>)");
            }
            String mediaType = meta.substring(0, meta.length() - ";base64".length());
            return new Content.Image(mediaType.isEmpty() ? null : mediaType, url.substring(comma + 1), null, detail,
                    cacheControl(part));
        }
        if (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8)) {
            return new Content.Image(null, null, url, detail, cacheControl(part));
        }
        throw BrokerException.invalid(up, up + " must be an http(s) URL or a base64 data: URL");
    }

    private static JsonNode cacheControl(ObjectNode part) {
        JsonNode cc = part.get("cache_control");
        return present(cc) ? cc : null;
    }

    private static ArrayNode arrayOrString(JsonNode content, String p) {
        if (content instanceof ArrayNode a) return a;
        throw BrokerException.invalid(p, p + " must be a string or an array of content parts");
    }

    private static BrokerException unsupportedPart(String pp, String type, String allowed) {
        return BrokerException.invalid(path(pp, "type"),
                path(pp, "type") + " '" + type + "' is not supported here; expected " + allowed);
    }
}
