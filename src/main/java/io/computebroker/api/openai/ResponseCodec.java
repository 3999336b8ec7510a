package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;
import io.computebroker.core.Usage;

import java.util.ArrayList;
import java.util.List;

import static io.computebroker.api.openai.Fields.present;

/** chat.completion bodies, usage objects and error bodies, in both directions. */
final class ResponseCodec {
    private ResponseCodec() {}

    static ChatResponse decode(JsonNode body) {
        if (!(body instanceof ObjectNode b)) throw upstream("upstream response is not a JSON object");
        if (present(b.get("error"))) {
            String msg = errorMessage(b);
            throw upstream("upstream returned an error: " + (msg != null ? msg : Json.write(b.get("error"))));
        }
        if (!(b.get("choices") instanceof ArrayNode choices) || choices.isEmpty()) {
            throw upstream("upstream response has no choices");
        }
        JsonNode choice = choices.get(0);
        if (!(choice.get("message") instanceof ObjectNode m)) throw upstream("upstream response has no choices[0].message");

        List<Content> content = new ArrayList<>();
        String reasoning = reasoning(m);
        if (reasoning != null) content.add(new Content.Thinking(reasoning, null, null));

        JsonNode c = m.get("content");
        if (c != null && c.isTextual()) {
            if (!c.textValue().isEmpty()) content.add(Content.Text.of(c.textValue()));
        } else if (c instanceof ArrayNode parts) {
            for (JsonNode p : parts) {
                if (p.path("text").isTextual()) content.add(Content.Text.of(p.path("text").textValue()));
            }
        } else if (present(c)) {
            throw upstream("upstream response has an unreadable choices[0].message.content");
        }
        // A refusal is what the caller needs to see; it only ever comes instead of content.
        if (content.stream().noneMatch(x -> x instanceof Content.Text) && m.path("refusal").isTextual()) {
            content.add(Content.Text.of(m.get("refusal").textValue()));
        }

        boolean calls = false;
        if (m.get("tool_calls") instanceof ArrayNode tcs) {
            for (int i = 0; i < tcs.size(); i++) {
                JsonNode tc = tcs.get(i);
                JsonNode fn = tc.path("function");
                if (!fn.path("name").isTextual()) throw upstream("upstream tool call " + i + " has no function name");
                String id = tc.path("id").isTextual() && !tc.get("id").textValue().isEmpty()
                        ? tc.get("id").textValue() : "call_" + i; // some local servers omit ids
                content.add(new Content.ToolUse(id, fn.get("name").textValue(), argumentsText(fn.get("arguments")), null));
                calls = true;
            }
        } else if (m.get("function_call") instanceof ObjectNode fc && fc.path("name").isTextual()) {
            content.add(new Content.ToolUse("call_0", fc.get("name").textValue(), argumentsText(fc.get("arguments")), null));
            calls = true;
        }

        StopReason stop = StopReason.fromOpenAi(choice.path("finish_reason").textValue());
        // Some servers say "stop" after emitting tool calls; callers (Anthropic ones above all) key on tool_use.
        if (calls && stop == StopReason.END_TURN) stop = StopReason.TOOL_USE;
        return new ChatResponse(b.path("id").textValue(), b.path("model").textValue(), content, stop, usage(b.get("usage")));
    }

    static ObjectNode encode(ChatResponse resp, String id, String model, long created) {
        ObjectNode out = Json.object();
        out.put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant");

        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        boolean hasText = false;
        boolean hasThinking = false;
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (Content c : resp.content()) {
            switch (c) {
                case Content.Text t -> { text.append(t.text()); hasText = true; }
                case Content.Thinking t -> { thinking.append(t.text()); hasThinking = true; }
                case Content.ToolUse u -> {
                    ObjectNode call = calls.addObject().put("id", u.id()).put("type", "function");
                    call.putObject("function").put("name", u.name()).put("arguments", RequestEncoder.arguments(u.argumentsJson()));
                }
                default -> { /* images and tool results never appear in an answer */ }
            }
        }
        if (!hasText && !calls.isEmpty()) msg.putNull("content");
        else msg.put("content", text.toString());
        if (hasThinking) msg.put("reasoning_content", thinking.toString());
        if (!calls.isEmpty()) msg.set("tool_calls", calls);
        msg.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", resp.stopReason().openAi());
        out.set("usage", usageJson(resp.usage()));
        return out;
    }

    /** Reads an OpenAI usage object; tolerant of nulls and missing details (local servers vary). */
    static Usage usage(JsonNode u) {
        if (!(u instanceof ObjectNode)) return null;
        long prompt = count(u.get("prompt_tokens"));
        long completion = count(u.get("completion_tokens"));
        long cached = count(u.path("prompt_tokens_details").get("cached_tokens"));
        long reasoning = count(u.path("completion_tokens_details").get("reasoning_tokens"));
        // Canonical inputTokens include cached ones, exactly like prompt_tokens; clamp the parts to the whole.
        return new Usage(prompt, Math.min(cached, prompt), 0, completion, Math.min(reasoning, completion));
    }

    static ObjectNode usageJson(Usage u) {
        ObjectNode o = Json.object();
        o.put("prompt_tokens", u.inputTokens());
        o.put("completion_tokens", u.outputTokens());
        o.put("total_tokens", u.totalTokens());
        o.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInputTokens());
        o.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        return o;
    }

    static ObjectNode error(BrokerException e) {
        ObjectNode out = Json.object();
        ObjectNode err = out.putObject("error");
        err.put("message", e.getMessage() != null ? e.getMessage() : e.kind().openAiType());
        err.put("type", e.kind().openAiType());
        if (e.param() != null) err.put("param", e.param());
        else err.putNull("param");
        err.put("code", e.kind().openAiCode);
        return out;
    }

    static String errorMessage(JsonNode body) {
        if (body == null) return null;
        if (body.isTextual()) return body.textValue().isBlank() ? null : body.textValue();
        if (!body.isObject()) return null;
        JsonNode err = body.get("error");
        if (err != null && err.isObject()) {
            String m = text(err.get("message"));
            if (m != null) return m;
        }
        String m = text(err);
        if (m != null) return m;
        m = text(body.get("message"));
        if (m != null) return m;
        JsonNode detail = body.get("detail");
        m = text(detail);
        if (m != null) return m;
        if (detail instanceof ArrayNode items && !items.isEmpty()) {
            // FastAPI validation errors (vLLM): [{"loc":[...],"msg":"..."}]
            List<String> msgs = new ArrayList<>();
            for (JsonNode item : items) if (text(item.get("msg")) != null) msgs.add(item.get("msg").textValue());
            return msgs.isEmpty() ? Json.write(detail) : String.join("; ", msgs);
        }
        return null;
    }

    static String reasoning(JsonNode msgOrDelta) {
        // vLLM (older) and DeepSeek say reasoning_content; Ollama, OpenRouter and newer vLLM say reasoning.
        String r = text(msgOrDelta.get("reasoning_content"));
        return r != null ? r : text(msgOrDelta.get("reasoning"));
    }

    static String argumentsText(JsonNode a) {
        if (a == null || a.isNull()) return "{}";
        return a.isTextual() ? a.textValue() : Json.write(a);
    }

    static BrokerException upstream(String message) {
        return new BrokerException(ErrorKind.UPSTREAM, message);
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }

    private static long count(JsonNode n) {
        return n != null && n.isNumber() && n.longValue() > 0 ? n.longValue() : 0;
    }
}
