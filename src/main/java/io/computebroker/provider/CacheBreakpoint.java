package io.computebroker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Tool;

import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic caches a prompt prefix only up to an explicit {@code cache_control} marker. Callers that
 * are not cache-aware (most OpenAI-format clients) never set one, so a long system prompt is billed in
 * full on every call. This adds one ephemeral marker on the last non-empty system block when the system
 * text is at least {@value #MIN_TOKENS} tokens (Anthropic's minimum cacheable prefix for Sonnet and
 * Opus; estimated as chars/4) and the caller placed no marker anywhere: a caller that did has chosen its
 * own breakpoints, and Anthropic allows only four.
 */
final class CacheBreakpoint {
    static final int MIN_TOKENS = 1_024;
    private static final JsonNode EPHEMERAL = Json.object().put("type", "ephemeral");

    private CacheBreakpoint() {}

    static ChatRequest apply(ChatRequest r) {
        if (hasMarker(r) || systemChars(r) / 4 < MIN_TOKENS) return r;
        List<Content> system = new ArrayList<>(r.system());
        for (int i = system.size() - 1; i >= 0; i--) {
            // Empty text blocks are dropped on the wire, so a marker on one would be lost.
            if (system.get(i) instanceof Content.Text t && !t.text().isEmpty()) {
                system.set(i, new Content.Text(t.text(), EPHEMERAL.deepCopy()));
                return new ChatRequest(r.model(), system, r.messages(), r.tools(), r.toolChoice(), r.maxTokens(),
                        r.temperature(), r.topP(), r.stop(), r.stream(), r.includeUsage(), r.responseFormat(),
                        r.metadata(), r.user(), r.source(), r.passthrough());
            }
        }
        return r;
    }

    private static long systemChars(ChatRequest r) {
        long n = 0;
        for (Content c : r.system()) if (c instanceof Content.Text t) n += t.text().length();
        return n;
    }

    private static boolean hasMarker(ChatRequest r) {
        for (Content c : r.system()) if (c.cacheControl() != null) return true;
        for (Tool t : r.tools()) if (t.cacheControl() != null) return true;
        for (Message m : r.messages()) {
            for (Content c : m.content()) {
                if (c.cacheControl() != null) return true;
                if (c instanceof Content.ToolResult tr && tr.content().stream().anyMatch(x -> x.cacheControl() != null)) return true;
            }
        }
        return false;
    }
}
