package io.computebroker.core;

import java.util.List;

/** The canonical non-streaming answer: content blocks in order (text, tool calls, thinking). */
public record ChatResponse(String id, String model, List<Content> content, StopReason stopReason, Usage usage) {
    public ChatResponse {
        content = List.copyOf(content);
        if (usage == null) usage = Usage.ZERO;
        if (stopReason == null) stopReason = StopReason.END_TURN;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Content c : content) if (c instanceof Content.Text t) sb.append(t.text());
        return sb.toString();
    }
}
