package io.computebroker.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The canonical chat request: what both wire formats decode into and encode from.
 *
 * @param model          the model name the caller asked for
 * @param system         system / developer text blocks, in order (cache markers kept)
 * @param messages       user and assistant turns, in order
 * @param tools          tool definitions, in order
 * @param toolChoice     tool use mode; null when the caller said nothing
 * @param maxTokens      output token cap; null when the caller set none
 * @param temperature    null when unset
 * @param topP           null when unset
 * @param stop           stop sequences (never null)
 * @param stream         whether the caller wants SSE
 * @param includeUsage   OpenAI {@code stream_options.include_usage}
 * @param responseFormat null for plain text
 * @param metadata       the caller's {@code metadata} object (broker signals may live there); may be null
 * @param user           end-user id for abuse tracking; may be null
 * @param source         the wire format the request arrived in
 * @param passthrough    fields of the source format the canonical model does not know; forwarded only
 *                       to an upstream of the same format, so nothing the caller set is silently dropped
 */
public record ChatRequest(
        String model,
        List<Content> system,
        List<Message> messages,
        List<Tool> tools,
        ToolChoice toolChoice,
        Integer maxTokens,
        Double temperature,
        Double topP,
        List<String> stop,
        boolean stream,
        boolean includeUsage,
        ResponseFormat responseFormat,
        ObjectNode metadata,
        String user,
        WireFormat source,
        Map<String, JsonNode> passthrough) {

    public ChatRequest {
        system = system == null ? List.of() : List.copyOf(system);
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
        passthrough = passthrough == null ? Map.of() : Map.copyOf(passthrough);
    }

    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, system, messages, tools, toolChoice, maxTokens, temperature, topP, stop,
                stream, includeUsage, responseFormat, metadata, user, source, passthrough);
    }

    public ChatRequest withMaxTokens(Integer newMaxTokens) {
        return new ChatRequest(model, system, messages, tools, toolChoice, newMaxTokens, temperature, topP, stop,
                stream, includeUsage, responseFormat, metadata, user, source, passthrough);
    }

    public ChatRequest withStream(boolean newStream) {
        return new ChatRequest(model, system, messages, tools, toolChoice, maxTokens, temperature, topP, stop,
                newStream, includeUsage, responseFormat, metadata, user, source, passthrough);
    }

    /** Joined system text, for formats and estimators that want one string. */
    public String systemText() {
        StringBuilder sb = new StringBuilder();
        for (Content c : system) {
            if (c instanceof Content.Text t) {
                if (!sb.isEmpty()) sb.append("\n\n");
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    public boolean hasImages() {
        for (Message m : messages) {
            for (Content c : m.content()) {
                if (c instanceof Content.Image) return true;
                if (c instanceof Content.ToolResult r && r.content().stream().anyMatch(x -> x instanceof Content.Image)) return true;
            }
        }
        return false;
    }
}
