package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Tool;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.WireFormat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.computebroker.api.anthropic.Fields.*;

/** Caller Messages API request body to the canonical request. */
final class RequestDecoder {
    private RequestDecoder() {}

    /** Top-level fields the canonical model carries; every other field goes to passthrough untouched. */
    static final Set<String> KNOWN = Set.of("model", "max_tokens", "messages", "system", "tools", "tool_choice",
            "temperature", "top_p", "stop_sequences", "stream", "metadata");

    static ChatRequest decode(JsonNode body, boolean countTokens) {
        if (body == null || !body.isObject()) {
            throw BrokerException.invalid(null, "request body must be a JSON object, got " + describe(body));
        }
        String model = requiredString(body, "model", "");
        if (model.isBlank()) throw invalid("model", "must not be empty");
        Integer maxTokens = optionalPositiveInt(body, "max_tokens", "");
        // count_tokens has no output, so it takes no max_tokens; the Messages API requires it.
        if (maxTokens == null && !countTokens) throw missing("max_tokens");

        Map<String, JsonNode> passthrough = new HashMap<>();
        List<Tool> tools = tools(body, passthrough);
        ToolChoice toolChoice = toolChoice(body);
        Double temperature = optionalNumber(body, "temperature", "", 0, 1);
        Double topP = optionalNumber(body, "top_p", "", 0, 1);
        List<String> stop = stopSequences(body);
        boolean stream = Boolean.TRUE.equals(optionalBoolean(body, "stream", ""));
        ObjectNode metadata = optionalObject(body, "metadata", "");
        String user = metadata == null ? null : optionalString(metadata, "user_id", "metadata");

        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!KNOWN.contains(e.getKey())) passthrough.put(e.getKey(), e.getValue());
        }
        // includeUsage is OpenAI's stream_options flag; Anthropic streams always carry usage.
        return new ChatRequest(model, ContentDecoder.system(body), ContentDecoder.messages(body), tools, toolChoice,
                maxTokens, temperature, topP, stop, stream, false, null, metadata, user, WireFormat.ANTHROPIC,
                passthrough);
    }

    /**
     * Custom tools become canonical tools. Server tools (web search, code execution, ... : any entry whose
     * {@code type} is set and not "custom") have no canonical form, so when one is present the whole raw
     * {@code tools} array is also kept in passthrough: an Anthropic upstream then receives the list exactly
     * as sent (see {@link RequestEncoder}), other formats get the custom tools only.
     */
    private static List<Tool> tools(JsonNode body, Map<String, JsonNode> passthrough) {
        ArrayNode arr = optionalArray(body, "tools", "");
        if (arr == null) return List.of();
        List<Tool> out = new ArrayList<>(arr.size());
        boolean serverTools = false;
        for (int i = 0; i < arr.size(); i++) {
            String p = index("tools", i);
            ObjectNode t = element(arr.get(i), p);
            String type = optionalString(t, "type", p);
            if (type != null && !type.equals("custom")) {
                requiredString(t, "name", p);
                serverTools = true;
                continue;
            }
            String name = requiredString(t, "name", p);
            if (name.isEmpty()) throw invalid(path(p, "name"), "must not be empty");
            out.add(new Tool(name, optionalString(t, "description", p), requiredObject(t, "input_schema", p),
                    optionalObject(t, "cache_control", p)));
        }
        if (serverTools) passthrough.put("tools", arr);
        return out;
    }

    private static ToolChoice toolChoice(JsonNode body) {
        ObjectNode tc = optionalObject(body, "tool_choice", "");
        if (tc == null) return null;
        String type = requiredString(tc, "type", "tool_choice");
        boolean parallel = !Boolean.TRUE.equals(optionalBoolean(tc, "disable_parallel_tool_use", "tool_choice"));
        return switch (type) {
            case "auto" -> new ToolChoice(ToolChoice.Mode.AUTO, null, parallel);
            case "any" -> new ToolChoice(ToolChoice.Mode.ANY, null, parallel);
            case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null, parallel);
            case "tool" -> new ToolChoice(ToolChoice.Mode.TOOL, requiredString(tc, "name", "tool_choice"), parallel);
            default -> throw invalid("tool_choice.type", "unknown tool_choice type '" + type
                    + "'; expected auto, any, tool or none");
        };
    }

    private static List<String> stopSequences(JsonNode body) {
        ArrayNode arr = optionalArray(body, "stop_sequences", "");
        if (arr == null) return List.of();
        List<String> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonNode s = arr.get(i);
            if (s == null || !s.isTextual()) throw wrongType(index("stop_sequences", i), "a string", s);
            out.add(s.textValue());
        }
        return out;
    }
}
