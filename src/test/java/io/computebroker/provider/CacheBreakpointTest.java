package io.computebroker.provider;

import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Role;
import io.computebroker.core.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CacheBreakpointTest {
    static final String LONG = "Follow the house style. ".repeat(200); // 4,800 chars ≈ 1,200 tokens

    static ChatRequest request(List<Content> system, Message... messages) {
        return new ChatRequest("m", system, List.of(messages), List.of(), null, null, null, null, null, false, false,
                null, null, null, WireFormat.OPENAI, null);
    }

    @Test
    void marksTheLastSystemBlockOfALongUnmarkedPrompt() {
        ChatRequest r = request(List.of(Content.Text.of(LONG), Content.Text.of("Today is Monday."), Content.Text.of("")),
                Message.user("hi"));
        ChatRequest marked = CacheBreakpoint.apply(r);
        assertThat(marked.system().get(0).cacheControl()).isNull();
        assertThat(marked.system().get(1).cacheControl()).isEqualTo(Json.object().put("type", "ephemeral"));
        assertThat(marked.system().get(2).cacheControl()).isNull();
        // And the marker reaches the Anthropic wire body.
        var body = AnthropicCodec.encodeRequest(marked, "claude", 1024);
        assertThat(body.path("system").path(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    }

    @Test
    void leavesShortPromptsAlone() {
        ChatRequest r = request(List.of(Content.Text.of("x".repeat(CacheBreakpoint.MIN_TOKENS * 4 - 1))), Message.user("hi"));
        assertThat(CacheBreakpoint.apply(r)).isSameAs(r);
        ChatRequest justLongEnough = request(List.of(Content.Text.of("x".repeat(CacheBreakpoint.MIN_TOKENS * 4))), Message.user("hi"));
        assertThat(CacheBreakpoint.apply(justLongEnough)).isNotSameAs(justLongEnough);
    }

    @Test
    void respectsACallerWhoPlacedTheirOwnMarker() {
        var marker = Json.object().put("type", "ephemeral");
        ChatRequest r = request(List.of(Content.Text.of(LONG)),
                new Message(Role.USER, List.of(new Content.Text("long document", marker))));
        assertThat(CacheBreakpoint.apply(r)).isSameAs(r);
    }
}
