package io.computebroker.api.openai;

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
import java.util.regex.Pattern;

/**
 * Canonical request to a body for an OpenAI-compatible upstream; see {@link OpenAiCodec#encodeRequest}.
 * Field order is fixed and unset fields are omitted (several servers reject explicit nulls).
 */
final class RequestEncoder {
    private RequestEncoder() {}

    /**
     * OpenAI's reasoning models reject {@code max_tokens}, while Ollama reads only {@code max_tokens}; vLLM and
     * OpenRouter read both. So the legacy name is the portable default and the new one is used for exactly
     * the model families that demand it.
     */
    private static final Pattern MAX_COMPLETION_TOKENS_MODELS = Pattern.compile("^(o\\d|gpt-5).*");

    static ObjectNode encode(ChatRequest req, String upstreamModel) {
        ObjectNode out = Json.object();
        out.put("model", upstreamModel);
        out.set("messages", messages(req));
        if (!req.tools().isEmpty()) {
            ArrayNode tools = out.putArray("tools");
            for (Tool t : req.tools()) tools.add(tool(t));
            // OpenAI rejects tool_choice / parallel_tool_calls without tools, so they only travel together.
            ToolChoice tc = req.toolChoice();
            if (tc != null) {
                switch (tc.mode()) {
                    case AUTO -> out.put("tool_choice", "auto");
                    case NONE -> out.put("tool_choice", "none");
                    case ANY -> out.put("tool_choice", "required");
                    case TOOL -> {
                        ObjectNode c = out.putObject("tool_choice");
                        c.put("type", "function");
                        c.putObject("function").put("name", tc.name());
                    }
                }
                if (!tc.parallel()) out.put("parallel_tool_calls", false);
            }
        }
        if (req.maxTokens() != null) {
            boolean newName = upstreamModel != null && MAX_COMPLETION_TOKENS_MODELS.matcher(upstreamModel).matches();
            out.put(newName ? "max_completion_tokens" : "max_tokens", req.maxTokens());
        }
        if (req.temperature() != null) out.put("temperature", req.temperature());
        if (req.topP() != null) out.put("top_p", req.topP());
        if (!req.stop().isEmpty()) {
            ArrayNode stop = out.putArray("stop");
            req.stop().forEach(stop::add);
        }
        if (req.responseFormat() != null) out.set("response_format", responseFormat(req.responseFormat()));
        if (req.user() != null) out.put("user", req.user());
        if (req.stream()) {
            out.put("stream", true);
            // Always: billing needs the final usage chunk whether or not the caller asked for it.
            out.putObject("stream_options").put("include_usage", true);
        }
        if (req.source() == WireFormat.OPENAI) {
            // Sorted so the body is byte-stable (prefix caches and golden tests both care).
            new TreeMap<>(req.passthrough()).forEach((k, v) -> {
                if (!out.has(k)) out.set(k, v);
            });
        }
        return out;
    }

    private static ArrayNode messages(ChatRequest req) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        List<Content.Text> sys = new ArrayList<>();
        for (Content c : req.system()) if (c instanceof Content.Text t) sys.add(t);
        if (!sys.isEmpty()) {
            ObjectNode m = arr.addObject().put("role", "system");
            if (sys.size() == 1 && sys.get(0).cacheControl() == null) m.put("content", sys.get(0).text());
            else m.set("content", parts(sys));
        }
        for (Message msg : req.messages()) {
            if (msg.role() == Role.ASSISTANT) arr.add(assistant(msg));
            else user(msg, arr);
        }
        return arr;
    }

    /**
     * A canonical user turn may hold tool results and ordinary content. OpenAI wants the results first, as
     * separate "tool" messages answering the preceding tool_calls, and anything else in a later user turn.
     */
    private static void user(Message msg, ArrayNode arr) {
        List<Content> rest = new ArrayList<>();
        boolean hadResults = false;
        for (Content c : msg.content()) {
            if (c instanceof Content.ToolResult r) {
                hadResults = true;
                ObjectNode m = arr.addObject().put("role", "tool").put("tool_call_id", r.toolUseId());
                List<Content.Text> texts = new ArrayList<>();
                boolean cached = r.cacheControl() != null;
                for (Content rc : r.content()) {
                    if (rc instanceof Content.Text t) {
                        texts.add(t);
                        cached |= t.cacheControl() != null;
                    } else if (rc instanceof Content.Image) {
                        rest.add(rc); // tool messages carry text only; the image follows in the user turn
                    }
                }
                if (r.isError()) texts.add(0, Content.Text.of("[tool error] ")); // OpenAI has no is_error flag
                if (!cached) {
                    StringBuilder sb = new StringBuilder();
                    texts.forEach(t -> sb.append(t.text()));
                    m.put("content", sb.toString());
                } else {
                    ArrayNode parts = parts(texts);
                    if (r.cacheControl() != null && !parts.isEmpty()) {
                        ((ObjectNode) parts.get(parts.size() - 1)).set("cache_control", r.cacheControl());
                    }
                    m.set("content", parts);
                }
            } else if (c instanceof Content.Text || c instanceof Content.Image) {
                rest.add(c);
            }
        }
        if (rest.isEmpty() && hadResults) return;
        ObjectNode m = arr.addObject().put("role", "user");
        if (rest.size() == 1 && rest.get(0) instanceof Content.Text t && t.cacheControl() == null) {
            m.put("content", t.text());
        } else if (rest.isEmpty()) {
            m.put("content", "");
        } else {
            m.set("content", parts(rest));
        }
    }

    private static ObjectNode assistant(Message msg) {
        ObjectNode m = Json.object().put("role", "assistant");
        List<Content.Text> texts = new ArrayList<>();
        ArrayNode calls = Json.MAPPER.createArrayNode();
        boolean cached = false;
        for (Content c : msg.content()) {
            switch (c) {
                case Content.Text t -> {
                    texts.add(t);
                    cached |= t.cacheControl() != null;
                }
                case Content.ToolUse u -> {
                    ObjectNode call = calls.addObject().put("id", u.id()).put("type", "function");
                    call.putObject("function").put("name", u.name()).put("arguments", arguments(u.argumentsJson()));
                }
                default -> { /* thinking has no OpenAI input form; images and results cannot be assistant content */ }
            }
        }
        if (cached) {
            m.set("content", parts(texts));
        } else if (texts.isEmpty()) {
            if (calls.isEmpty()) m.put("content", "");
            else m.putNull("content");
        } else {
            // One string, not parts: Ollama splits a parts array into separate messages.
            StringBuilder sb = new StringBuilder();
            texts.forEach(t -> sb.append(t.text()));
            m.put("content", sb.toString());
        }
        if (!calls.isEmpty()) m.set("tool_calls", calls);
        return m;
    }

    /** Empty arguments break servers that json-parse them into the chat template; "{}" means the same. */
    static String arguments(String json) {
        return json == null || json.isBlank() ? "{}" : json;
    }

    private static ArrayNode parts(List<? extends Content> blocks) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (Content c : blocks) {
            ObjectNode p = parts.addObject();
            if (c instanceof Content.Text t) {
                p.put("type", "text").put("text", t.text());
            } else if (c instanceof Content.Image img) {
                p.put("type", "image_url");
                ObjectNode iu = p.putObject("image_url");
                iu.put("url", img.url() != null ? img.url()
                        : "data:" + (img.mediaType() == null ? "" : img.mediaType()) + ";base64," + img.data());
                if (img.detail() != null) iu.put("detail", img.detail());
            }
            if (c.cacheControl() != null) p.set("cache_control", c.cacheControl());
        }
        return parts;
    }

    private static ObjectNode tool(Tool t) {
        ObjectNode o = Json.object().put("type", "function");
        ObjectNode f = o.putObject("function").put("name", t.name());
        if (t.description() != null) f.put("description", t.description());
        JsonNode schema = t.inputSchema() != null ? t.inputSchema() : RequestDecoder.EMPTY_SCHEMA.deepCopy();
        f.set("parameters", schema);
        if (t.cacheControl() != null) o.set("cache_control", t.cacheControl());
        return o;
    }

    private static ObjectNode responseFormat(ResponseFormat rf) {
        ObjectNode o = Json.object();
        switch (rf.kind()) {
            case TEXT -> o.put("type", "text");
            case JSON_OBJECT -> o.put("type", "json_object");
            case JSON_SCHEMA -> {
                o.put("type", "json_schema");
                ObjectNode js = o.putObject("json_schema").put("name", rf.name() != null ? rf.name() : "response");
                if (rf.schema() != null) js.set("schema", rf.schema());
                if (rf.strict()) js.put("strict", true);
            }
        }
        return o;
    }
}
