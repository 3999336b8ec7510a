package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.core.Tool;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.WireFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Canonical request to an Anthropic Messages API body. The output is deterministic (fixed field order,
 * passthrough keys sorted) so that identical canonical requests give identical bytes, which keeps
 * upstream prompt caches and our own tests stable.
 */
final class RequestEncoder {
    private RequestEncoder() {}

    /**
     * OpenAI accepts temperature up to 2, Anthropic up to 1. Clamping keeps the request valid; the two
     * scales are not the same anyway, and "as random as allowed" is the closest reading of a value above 1.
     */
    static final double MAX_TEMPERATURE = 1.0;

    static final String JSON_INSTRUCTION = "Respond with only a single valid JSON object. Do not write any text "
            + "before or after it and do not wrap it in a code fence.";

    static ObjectNode encode(ChatRequest req, String upstreamModel, int defaultMaxTokens) {
        boolean sameFormat = req.source() == WireFormat.ANTHROPIC;
        ObjectNode out = Json.object();
        out.put("model", upstreamModel);
        out.put("max_tokens", req.maxTokens() != null ? req.maxTokens() : defaultMaxTokens);
        JsonNode system = system(req);
        if (system != null) out.set("system", system);
        out.set("messages", messages(req.messages()));
        if (!req.tools().isEmpty()) out.set("tools", tools(req.tools()));
        // Anthropic refuses tool_choice without tools (OpenAI callers sometimes send one anyway).
        boolean hasTools = !req.tools().isEmpty() || (sameFormat && req.passthrough().containsKey("tools"));
        if (req.toolChoice() != null && hasTools) out.set("tool_choice", toolChoice(req.toolChoice()));
        if (!req.stop().isEmpty()) {
            ArrayNode stop = out.putArray("stop_sequences");
            req.stop().forEach(stop::add);
        }
        if (req.temperature() != null) out.put("temperature", Math.max(0.0, Math.min(MAX_TEMPERATURE, req.temperature())));
        if (req.topP() != null) out.put("top_p", req.topP());
        if (req.stream()) out.put("stream", true);
        // Only user_id: Anthropic's metadata refuses other keys, and OpenAI's metadata is free-form.
        if (req.user() != null) out.putObject("metadata").put("user_id", req.user());
        if (sameFormat) {
            // Fields we do not model (top_k, thinking, service_tier, ...) go back exactly as the caller sent
            // them. A passthrough "tools" (present when the caller used server tools) is the caller's full
            // raw list, a superset of the canonical tools, so it replaces them.
            new TreeMap<>(req.passthrough()).forEach(out::set);
        }
        return out;
    }

    /** A plain string when there is one uncached block (the common form), else blocks keeping cache markers. */
    private static JsonNode system(ChatRequest req) {
        List<ObjectNode> blocks = new ArrayList<>();
        for (Content c : req.system()) {
            if (c instanceof Content.Text t && !t.text().isEmpty()) blocks.add(Blocks.text(t.text(), t.cacheControl()));
        }
        String instruction = formatInstruction(req.responseFormat());
        // Appended last, after any cache breakpoint, so the cached system prefix is unchanged.
        if (instruction != null) blocks.add(Blocks.text(instruction, null));
        if (blocks.isEmpty()) return null;
        if (blocks.size() == 1 && !blocks.get(0).has("cache_control")) return blocks.get(0).get("text");
        ArrayNode arr = Json.MAPPER.createArrayNode();
        blocks.forEach(arr::add);
        return arr;
    }

    /**
     * The stable Messages API has no response_format; the nearest faithful equivalent is an explicit
     * instruction (with the schema when there is one). Returns null for plain text.
     */
    static String formatInstruction(ResponseFormat rf) {
        if (rf == null || rf.kind() == ResponseFormat.Kind.TEXT) return null;
        if (rf.kind() == ResponseFormat.Kind.JSON_SCHEMA && rf.schema() != null) {
            String name = rf.name() == null ? "" : " \"" + rf.name() + "\"";
            return JSON_INSTRUCTION + " The object must conform to this JSON Schema" + name + ":\n" + Json.write(rf.schema());
        }
        return JSON_INSTRUCTION;
    }

    /**
     * Messages in order, with consecutive same-role messages merged: Anthropic needs strict alternation in
     * practice and, above all, every tool_result in the single user turn right after the assistant's
     * tool_use (OpenAI sends one "tool" message per result). In user turns tool_result blocks go first, as
     * Anthropic requires. Messages left with no blocks are dropped, since Anthropic refuses empty content.
     */
    private static ArrayNode messages(List<Message> messages) {
        List<Role> roles = new ArrayList<>();
        List<List<ObjectNode>> turns = new ArrayList<>();
        for (Message m : messages) {
            List<ObjectNode> blocks = new ArrayList<>();
            for (Content c : m.content()) {
                ObjectNode b = block(c);
                if (b != null) blocks.add(b);
            }
            if (blocks.isEmpty()) continue;
            if (!roles.isEmpty() && roles.get(roles.size() - 1) == m.role()) {
                turns.get(turns.size() - 1).addAll(blocks);
            } else {
                roles.add(m.role());
                turns.add(blocks);
            }
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < turns.size(); i++) {
            List<ObjectNode> blocks = turns.get(i);
            if (roles.get(i) == Role.USER) blocks = toolResultsFirst(blocks);
            ObjectNode msg = out.addObject().put("role", roles.get(i) == Role.USER ? "user" : "assistant");
            ObjectNode only = blocks.size() == 1 ? blocks.get(0) : null;
            if (only != null && "text".equals(only.path("type").asText()) && !only.has("cache_control")) {
                msg.set("content", only.get("text"));
            } else {
                blocks.forEach(msg.putArray("content")::add);
            }
        }
        return out;
    }

    private static List<ObjectNode> toolResultsFirst(List<ObjectNode> blocks) {
        List<ObjectNode> results = new ArrayList<>();
        List<ObjectNode> rest = new ArrayList<>();
        for (ObjectNode b : blocks) ("tool_result".equals(b.path("type").asText()) ? results : rest).add(b);
        results.addAll(rest);
        return results;
    }

    /** One message block, or null for blocks Anthropic would refuse and that carry nothing it can use. */
    private static ObjectNode block(Content c) {
        return switch (c) {
            // Anthropic refuses empty text blocks; OpenAI assistant turns with tool calls often carry "".
            case Content.Text t -> t.text().isEmpty() ? null : Blocks.text(t.text(), t.cacheControl());
            case Content.Image img -> Blocks.image(img);
            case Content.ToolUse u -> Blocks.toolUse(u.id(), u.name(), u.argumentsJson(), u.cacheControl());
            case Content.ToolResult r -> toolResult(r);
            // Anthropic verifies the signature of replayed thinking; unsigned reasoning (from another
            // provider) would be refused, so it is left out of the history.
            case Content.Thinking th -> th.signature() == null || th.signature().isEmpty() ? null
                    : Blocks.thinking(th.text(), th.signature());
        };
    }

    private static ObjectNode toolResult(Content.ToolResult r) {
        ObjectNode b = Json.object().put("type", "tool_result").put("tool_use_id", r.toolUseId());
        List<ObjectNode> parts = new ArrayList<>();
        for (Content c : r.content()) {
            if (c instanceof Content.Text t && !t.text().isEmpty()) parts.add(Blocks.text(t.text(), t.cacheControl()));
            else if (c instanceof Content.Image img) parts.add(Blocks.image(img));
        }
        if (parts.size() == 1 && "text".equals(parts.get(0).get("type").asText()) && !parts.get(0).has("cache_control")) {
            b.set("content", parts.get(0).get("text"));
        } else if (!parts.isEmpty()) {
            parts.forEach(b.putArray("content")::add);
        }
        if (r.isError()) b.put("is_error", true);
        if (r.cacheControl() != null) b.set("cache_control", r.cacheControl());
        return b;
    }

    private static ArrayNode tools(List<Tool> tools) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (Tool t : tools) {
            ObjectNode o = arr.addObject().put("name", t.name());
            if (t.description() != null) o.put("description", t.description());
            // OpenAI makes parameters optional; Anthropic requires an object schema.
            if (t.inputSchema() != null) o.set("input_schema", t.inputSchema());
            else o.putObject("input_schema").put("type", "object").putObject("properties");
            if (t.cacheControl() != null) o.set("cache_control", t.cacheControl());
        }
        return arr;
    }

    private static ObjectNode toolChoice(ToolChoice tc) {
        ObjectNode o = Json.object();
        switch (tc.mode()) {
            case AUTO -> o.put("type", "auto");
            case ANY -> o.put("type", "any");
            case TOOL -> o.put("type", "tool").put("name", tc.name());
            // "none" takes no other field in the Anthropic schema.
            case NONE -> { return o.put("type", "none"); }
        }
        if (!tc.parallel()) o.put("disable_parallel_tool_use", true);
        return o;
    }
}
