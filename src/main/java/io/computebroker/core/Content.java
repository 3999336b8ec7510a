package io.computebroker.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One block of message content in the canonical model. Both wire formats decode into these blocks and
 * encode back from them; the block order is kept exactly, because provider prefix caches key on bytes.
 */
public sealed interface Content {

    /** Anthropic-style prompt-cache marker (e.g. {"type":"ephemeral"}); null when absent. */
    JsonNode cacheControl();

    record Text(String text, JsonNode cacheControl) implements Content {
        public Text {
            if (text == null) throw new IllegalArgumentException("text must not be null");
        }
        public static Text of(String text) { return new Text(text, null); }
    }

    /**
     * An image, either inline ({@code data} base64 with {@code mediaType}) or by {@code url}.
     * OpenAI carries inline images as data: URLs; Anthropic as a base64 source.
     */
    record Image(String mediaType, String data, String url, String detail, JsonNode cacheControl) implements Content {}

    /** A call the assistant asked for. {@code argumentsJson} is the raw JSON object text. */
    record ToolUse(String id, String name, String argumentsJson, JsonNode cacheControl) implements Content {}

    /** The caller's answer to a tool call; content is text and/or image blocks. */
    record ToolResult(String toolUseId, List<Content> content, boolean isError, JsonNode cacheControl) implements Content {
        public ToolResult { content = List.copyOf(content); }
        /** The result's text blocks joined, for formats that only carry a string. */
        public String joinedText() {
            StringBuilder sb = new StringBuilder();
            for (Content c : content) if (c instanceof Text t) sb.append(t.text());
            return sb.toString();
        }
    }

    /** Model reasoning ("thinking") as returned by some providers; kept so it can be replayed. */
    record Thinking(String text, String signature, JsonNode cacheControl) implements Content {}
}
