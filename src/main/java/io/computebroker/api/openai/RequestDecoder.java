package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Json;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Tool;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.WireFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.computebroker.api.openai.Fields.path;
import static io.computebroker.api.openai.Fields.present;

/** Caller's chat.completions body to the canonical request; see {@link OpenAiCodec#decodeRequest}. */
final class RequestDecoder {
    private RequestDecoder() {}

    /** Fields the canonical model consumes; everything else travels in passthrough. */
    private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
            "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "stream", "stream_options",
            "response_format", "metadata", "user", "n");

    static final ObjectNode EMPTY_SCHEMA = (ObjectNode) Json.parse("{\"type\":\"object\",\"properties\":{}}");

    static ChatRequest decode(JsonNode body) {
        if (!(body instanceof ObjectNode b)) throw BrokerException.invalid(null, "request body must be a JSON object");
        String model = Fields.requiredNonEmptyString(b, "model", "model");
        MessageDecoder md = MessageDecoder.decode(b.get("messages"));

        List<Tool> tools = tools(b.get("tools"));
        ToolChoice toolChoice = toolChoice(b);

        Integer maxTokens = Fields.optPositiveInt(b, "max_completion_tokens", "max_completion_tokens");
        Integer legacyMax = Fields.optPositiveInt(b, "max_tokens", "max_tokens"); // validated even when overridden
        if (maxTokens == null) maxTokens = legacyMax;

        Double temperature = Fields.optNumber(b, "temperature", "temperature", 0, 2);
        Double topP = Fields.optNumber(b, "top_p", "top_p", 0, 1);
        List<String> stop = stop(b.get("stop"));

        Boolean stream = Fields.optBool(b, "stream", "stream");
        boolean includeUsage = false;
        JsonNode so = b.get("stream_options");
        if (present(so)) {
            Boolean iu = Fields.optBool(Fields.object(so, "stream_options"), "include_usage", "stream_options.include_usage");
            includeUsage = Boolean.TRUE.equals(iu);
        }

        ResponseFormat responseFormat = responseFormat(b.get("response_format"));

        ObjectNode metadata = null;
        JsonNode md0 = b.get("metadata");
        if (present(md0)) metadata = Fields.object(md0, "metadata");

        String user = Fields.optString(b, "user", "user");

        JsonNode n = b.get("n");
        if (present(n) && !(n.isNumber() && n.doubleValue() == 1)) {
            throw BrokerException.invalid("n", "n must be 1; the broker returns a single choice");
        }

        Map<String, JsonNode> passthrough = new LinkedHashMap<>();
        b.properties().forEach(e -> {
            if (!KNOWN.contains(e.getKey())) passthrough.put(e.getKey(), e.getValue());
        });

        return new ChatRequest(model, md.system, md.messages, tools, toolChoice, maxTokens, temperature, topP, stop,
                Boolean.TRUE.equals(stream), includeUsage, responseFormat, metadata, user, WireFormat.OPENAI, passthrough);
    }

    private static List<Tool> tools(JsonNode node) {
        if (!present(node)) return List.of();
        ArrayNode arr = Fields.array(node, "tools");
        List<Tool> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            String p = path("tools", i);
            ObjectNode t = Fields.object(arr.get(i), p);
            String type = Fields.optString(t, "type", path(p, "type"));
            if (type != null && !type.equals("function")) {
                throw BrokerException.invalid(path(p, "type"), path(p, "type") + " '" + type + "' is not supported; expected function");
            }
            String fp = path(p, "function");
            if (!present(t.get("function"))) throw BrokerException.invalid(fp, fp + " is required");
            ObjectNode f = Fields.object(t.get("function"), fp);
            String name = Fields.requiredNonEmptyString(f, "name", path(fp, "name"));
            String description = Fields.optString(f, "description", path(fp, "description"));
            JsonNode params = f.get("parameters");
            JsonNode schema = present(params) ? Fields.object(params, path(fp, "parameters")) : EMPTY_SCHEMA.deepCopy();
            JsonNode cc = t.get("cache_control");
            out.add(new Tool(name, description, schema, present(cc) ? cc : null));
        }
        return out;
    }

    private static ToolChoice toolChoice(ObjectNode b) {
        Boolean parallelFlag = Fields.optBool(b, "parallel_tool_calls", "parallel_tool_calls");
        boolean parallel = !Boolean.FALSE.equals(parallelFlag);
        JsonNode tc = b.get("tool_choice");
        if (!present(tc)) return parallel ? null : new ToolChoice(ToolChoice.Mode.AUTO, null, false);
        if (tc.isTextual()) {
            ToolChoice.Mode mode = switch (tc.textValue()) {
                case "auto" -> ToolChoice.Mode.AUTO;
                case "none" -> ToolChoice.Mode.NONE;
                case "required" -> ToolChoice.Mode.ANY;
                default -> throw BrokerException.invalid("tool_choice", "tool_choice '" + tc.textValue()
                        + "' is not supported; expected auto, none, required or a function object");
            };
            return new ToolChoice(mode, null, parallel);
        }
        if (!tc.isObject()) throw BrokerException.invalid("tool_choice", "tool_choice must be a string or an object");
        String type = Fields.requiredString(tc, "type", "tool_choice.type");
        if (!type.equals("function")) {
            throw BrokerException.invalid("tool_choice.type", "tool_choice.type '" + type + "' is not supported; expected function");
        }
        JsonNode fn = tc.get("function");
        if (!present(fn)) throw BrokerException.invalid("tool_choice.function", "tool_choice.function is required");
        String name = Fields.requiredNonEmptyString(Fields.object(fn, "tool_choice.function"), "name", "tool_choice.function.name");
        return new ToolChoice(ToolChoice.Mode.TOOL, name, parallel);
    }

    private static List<String> stop(JsonNode node) {
        if (!present(node)) return List.of();
        if (node.isTextual()) return List.of(node.textValue());
        if (!node.isArray()) throw BrokerException.invalid("stop", "stop must be a string or an array of strings");
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isTextual()) throw BrokerException.invalid(path("stop", i), path("stop", i) + " must be a string");
            out.add(s.textValue());
        }
        return out;
    }

    private static ResponseFormat responseFormat(JsonNode node) {
        if (!present(node)) return null;
        ObjectNode rf = Fields.object(node, "response_format");
        String type = Fields.requiredString(rf, "type", "response_format.type");
        return switch (type) {
            case "text" -> null; // canonical null already means plain text
            case "json_object" -> new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, false);
            case "json_schema" -> {
                JsonNode js = rf.get("json_schema");
                if (!present(js)) throw BrokerException.invalid("response_format.json_schema", "response_format.json_schema is required");
                ObjectNode o = Fields.object(js, "response_format.json_schema");
                String name = Fields.requiredNonEmptyString(o, "name", "response_format.json_schema.name");
                JsonNode schema = o.get("schema");
                if (present(schema)) Fields.object(schema, "response_format.json_schema.schema");
                Boolean strict = Fields.optBool(o, "strict", "response_format.json_schema.strict");
                yield new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, name, present(schema) ? schema : null,
                        Boolean.TRUE.equals(strict));
            }
            default -> throw BrokerException.invalid("response_format.type", "response_format.type '" + type
                    + "' is not supported; expected text, json_object or json_schema");
        };
    }
}
