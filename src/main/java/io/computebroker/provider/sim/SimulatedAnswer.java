package io.computebroker.provider.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.core.StopReason;
import io.computebroker.core.Tool;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.Usage;
import io.computebroker.tokens.TokenCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a simulated model says: deterministic for a given prompt, always marked "[simulated …]", a tool
 * call when tools are offered and none has been answered yet, JSON when JSON was asked for, and cut at
 * max_tokens like a real model.
 */
final class SimulatedAnswer {
    private static final String[] FILLER = ("the broker routes each call to the cheapest model that can do the work well "
            + "keeping sensitive data on owned infrastructure and recording every decision in the token ledger "
            + "so that finance and platform teams can see which model saw which data and what it cost").split(" ");

    private SimulatedAnswer() {}

    static ChatResponse answer(ChatRequest req, String model, String id) {
        TokenCounter tokens = TokenCounter.shared();
        long input = tokens.countPrompt(req);
        Message last = req.messages().get(req.messages().size() - 1);
        boolean answeredTool = last.role() == Role.USER && last.content().stream().anyMatch(c -> c instanceof Content.ToolResult);
        ToolChoice choice = req.toolChoice() == null ? ToolChoice.AUTO : req.toolChoice();
        if (!req.tools().isEmpty() && !answeredTool && choice.mode() != ToolChoice.Mode.NONE) {
            Tool tool = choice.mode() == ToolChoice.Mode.TOOL
                    ? req.tools().stream().filter(t -> t.name().equals(choice.name())).findFirst().orElse(req.tools().get(0))
                    : req.tools().get(0);
            String args = Json.write(exampleArguments(tool.inputSchema()));
            String callId = "call_sim" + Integer.toHexString((seed(req) * 31 + tool.name().hashCode()) & 0x7fffffff);
            List<Content> content = List.of(new Content.ToolUse(callId, tool.name(), args, null));
            return new ChatResponse(id, model, content, StopReason.TOOL_USE, Usage.of(input, tokens.count(tool.name() + args)));
        }
        String lastText = lastUserText(req);
        String text = answeredTool
                ? "[simulated " + model + "] The tool returned: " + clip(lastText, 120)
                : prose(model, lastText, seed(req));
        if (req.responseFormat() != null && req.responseFormat().kind() != ResponseFormat.Kind.TEXT) {
            text = Json.write(Json.object().put("simulated", true).put("model", model).put("answer", text));
        }
        StopReason stop = StopReason.END_TURN;
        if (req.maxTokens() != null && tokens.count(text) > req.maxTokens()) {
            text = truncateToTokens(text, req.maxTokens(), tokens);
            stop = StopReason.MAX_TOKENS;
        }
        return new ChatResponse(id, model, List.of(Content.Text.of(text)), stop, Usage.of(input, tokens.count(text)));
    }

    /** {@code [sim:answer B]} makes every model answer "B"; {@code [sim:answer@m A]} makes model m answer "A" (wins). */
    private static final java.util.regex.Pattern ANSWER = java.util.regex.Pattern.compile("\\[sim:answer(?:@([^\\s\\]]+))? ([^\\]]*)]");

    private static String prose(String model, String prompt, int seed) {
        String scripted = null;
        for (var m = ANSWER.matcher(prompt); m.find(); ) {
            if (model.equals(m.group(1))) scripted = m.group(2);
            else if (m.group(1) == null && scripted == null) scripted = m.group(2);
        }
        // The scripted answer comes first, so answer checks (cascade agree) see it; the marker line stays.
        if (scripted != null) return scripted + "\n[simulated " + model + "]";
        StringBuilder sb = new StringBuilder("[simulated ").append(model).append("] Answer to \"")
                .append(clip(prompt, 60)).append("\":");
        int words = 12 + Math.floorMod(seed, 60);
        for (int i = 0; i < words; i++) sb.append(' ').append(FILLER[Math.floorMod(seed + i * 7, FILLER.length)]);
        return sb.append('.').toString();
    }

    private static int seed(ChatRequest req) {
        return lastUserText(req).hashCode() ^ req.messages().size();
    }

    static String lastUserText(ChatRequest req) {
        for (int i = req.messages().size() - 1; i >= 0; i--) {
            Message m = req.messages().get(i);
            if (m.role() != Role.USER) continue;
            StringBuilder sb = new StringBuilder();
            for (Content c : m.content()) {
                if (c instanceof Content.Text t) sb.append(t.text());
                else if (c instanceof Content.ToolResult r) sb.append(r.joinedText());
            }
            return sb.toString();
        }
        return "";
    }

    private static String clip(String s, int max) {
        String oneLine = s.replace('\n', ' ').replace('"', '\'');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }

    private static String truncateToTokens(String text, int maxTokens, TokenCounter tokens) {
        String[] words = text.split(" ");
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            String next = sb.isEmpty() ? w : sb + " " + w;
            if (tokens.count(next) > maxTokens) break;
            sb.setLength(0);
            sb.append(next);
        }
        return sb.toString();
    }

    /** Arguments that satisfy the required properties of a JSON schema, so the caller's parser is happy. */
    static ObjectNode exampleArguments(JsonNode schema) {
        ObjectNode args = Json.object();
        if (schema == null || !schema.has("properties")) return args;
        JsonNode required = schema.path("required");
        List<String> names = new ArrayList<>();
        if (required.isArray()) required.forEach(n -> names.add(n.asText()));
        else schema.get("properties").fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode prop = schema.get("properties").path(name);
            JsonNode enumValues = prop.path("enum");
            if (enumValues.isArray() && !enumValues.isEmpty()) {
                args.set(name, enumValues.get(0));
                continue;
            }
            switch (prop.path("type").asText("string")) {
                case "integer", "number" -> args.put(name, 1);
                case "boolean" -> args.put(name, true);
                case "array" -> args.putArray(name);
                case "object" -> args.putObject(name);
                default -> args.put(name, Map.of("location", "Amsterdam", "city", "Amsterdam", "query", "status")
                        .getOrDefault(name, "example"));
            }
        }
        return args;
    }
}
