package io.computebroker.provider;

import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.Role;
import io.computebroker.core.Tool;
import io.computebroker.core.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixKeyTest {
    static ChatRequest request(String system, List<Tool> tools, Message... messages) {
        return new ChatRequest("m", system == null ? List.of() : List.of(Content.Text.of(system)), List.of(messages), tools,
                null, null, null, null, null, false, false, null, null, null, WireFormat.OPENAI, null);
    }

    static Tool tool(String name, String type) {
        return new Tool(name, "d", Json.object().put("type", "object").set("properties",
                Json.object().set("x", Json.object().put("type", type))), null);
    }

    @Test
    void laterTurnsOfOneConversationKeepItsKey() {
        ChatRequest first = request("sys", List.of(), Message.user("hello there"));
        ChatRequest third = request("sys", List.of(), Message.user("hello there"), Message.assistant("hi"),
                Message.user("a different follow-up"));
        assertThat(PrefixKey.of(third)).isEqualTo(PrefixKey.of(first));
    }

    @Test
    void systemToolsAndFirstUserTurnEachChangeTheKey() {
        long base = PrefixKey.of(request("sys", List.of(tool("f", "string")), Message.user("hello")));
        assertThat(PrefixKey.of(request("sys2", List.of(tool("f", "string")), Message.user("hello")))).isNotEqualTo(base);
        assertThat(PrefixKey.of(request("sys", List.of(tool("f", "integer")), Message.user("hello")))).isNotEqualTo(base);
        assertThat(PrefixKey.of(request("sys", List.of(tool("g", "string")), Message.user("hello")))).isNotEqualTo(base);
        assertThat(PrefixKey.of(request("sys", List.of(tool("f", "string")), Message.user("hullo")))).isNotEqualTo(base);
    }

    @Test
    void onlyTheFirstTwoThousandCharactersOfTheFirstUserTurnCount() {
        String doc = "x".repeat(PrefixKey.FIRST_USER_CHARS);
        long a = PrefixKey.of(request("sys", List.of(), Message.user(doc + " question one")));
        long b = PrefixKey.of(request("sys", List.of(), Message.user(doc + " question two")));
        long c = PrefixKey.of(request("sys", List.of(), Message.user(doc.substring(1) + "y question")));
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void theCharacterBudgetSpansTextBlocks() {
        String half = "y".repeat(PrefixKey.FIRST_USER_CHARS / 2);
        Message twoBlocks = new Message(Role.USER, List.of(Content.Text.of(half), Content.Text.of(half + "tail one")));
        Message twoBlocksOtherTail = new Message(Role.USER, List.of(Content.Text.of(half), Content.Text.of(half + "tail two")));
        assertThat(PrefixKey.of(request(null, List.of(), twoBlocks))).isEqualTo(PrefixKey.of(request(null, List.of(), twoBlocksOtherTail)));
    }

    @Test
    void sectionBoundariesMatter() {
        // The same characters split differently between system and user must not collide.
        assertThat(PrefixKey.of(request("ab", List.of(), Message.user("c"))))
                .isNotEqualTo(PrefixKey.of(request("a", List.of(), Message.user("bc"))));
    }
}
