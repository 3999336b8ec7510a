package io.computebroker.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.core.Tool;
import io.computebroker.core.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterTest {

    private final TokenCounter counter = TokenCounter.shared();

    private static ChatRequest request(List<Content> system, List<Message> messages, List<Tool> tools) {
        return request(system, messages, tools, null);
    }

    private static ChatRequest request(List<Content> system, List<Message> messages, List<Tool> tools, ResponseFormat rf) {
        return new ChatRequest("gpt-4o", system, messages, tools, null, null, null, null, null,
                false, false, rf, null, null, WireFormat.OPENAI, null);
    }

    @Test
    void sharedIsOneInstance() {
        assertThat(TokenCounter.shared()).isSameAs(counter);
    }

    @Test
    void knownO200kCounts() {
        assertThat(counter.count("hello world")).isEqualTo(2);                 // "hello" " world"
        // Every word of the pangram is a single token with its leading space.
        assertThat(counter.count("The quick brown fox jumps over the lazy dog")).isEqualTo(9);
        // The pre-tokenizer splits digit runs into groups of at most three: "123" "456" "7".
        assertThat(counter.count("1234567")).isEqualTo(3);
        assertThat(counter.count("")).isZero();
        assertThat(counter.count(null)).isZero();
    }

    @Test
    void specialTokenTextIsOrdinaryText() {
        // jtokkit's countTokens would throw here; a prompt may legitimately contain this string.
        assertThat(counter.count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void emptyConversationIsReplyPrimingOnly() {
        assertThat(counter.countPrompt(request(null, List.of(), null))).isEqualTo(3);
    }

    @Test
    void singleUserMessageFollowsCookbookFraming() {
        // 3 framing + 1 role + 6 content ("Say" " this" " is" " a" " test" "!") + 3 reply priming.
        assertThat(counter.countPrompt(request(null, List.of(Message.user("Say this is a test!")), null)))
                .isEqualTo(13);
    }

    @Test
    void systemCountsAsAMessage() {
        // system: 4 + 6 ("You" " are" " a" " helpful" " assistant" "."); user: 4 + 2; priming 3.
        ChatRequest req = request(List.of(Content.Text.of("You are a helpful assistant.")),
                List.of(Message.user("hello world")), null);
        assertThat(counter.countPrompt(req)).isEqualTo(10 + 6 + 3);
    }

    @Test
    void imagesUseFixedEstimates() {
        Content high = new Content.Image("image/png", "AAAA", null, null, null);
        Content low = new Content.Image(null, null, "https://example.com/a.png", "low", null);
        ChatRequest withHigh = request(null, List.of(new Message(Role.USER, List.of(Content.Text.of("hello world"), high))), null);
        ChatRequest withLow = request(null, List.of(new Message(Role.USER, List.of(Content.Text.of("hello world"), low))), null);
        assertThat(counter.countPrompt(withHigh)).isEqualTo(3 + 4 + 2 + 765);
        assertThat(counter.countPrompt(withLow)).isEqualTo(3 + 4 + 2 + 85);
    }

    @Test
    void toolCallsAndResultsAreCountedWithTheirOwnFraming() {
        String args = "{\"city\":\"Paris\"}";
        Message call = new Message(Role.ASSISTANT, List.of(new Content.ToolUse("call_1", "get_weather", args, null)));
        Content.Image img = new Content.Image("image/png", "AAAA", null, null, null);
        Message result = new Message(Role.USER, List.of(
                new Content.ToolResult("call_1", List.of(Content.Text.of("sunny"), img), false, null)));
        int expected = 3
                + 4 + counter.count("get_weather") + counter.count(args)
                // a user turn holding only a tool result becomes one "tool" message on the OpenAI wire
                + 4 + counter.count("sunny") + 765;
        assertThat(counter.countPrompt(request(null, List.of(call, result), null))).isEqualTo(expected);

        // Text next to the tool result means a separate user message, with its own framing.
        Message mixed = new Message(Role.USER, List.of(
                new Content.ToolResult("call_1", List.of(Content.Text.of("sunny")), false, null),
                Content.Text.of("hello world")));
        assertThat(counter.countPrompt(request(null, List.of(mixed), null)))
                .isEqualTo(3 + (4 + counter.count("sunny")) + (4 + 2));
    }

    @Test
    void toolDefinitionsAddNameDescriptionSchemaAndOverhead() {
        JsonNode schema = Json.parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        Tool tool = new Tool("get_weather", "Current weather for a city", schema, null);
        List<Message> msgs = List.of(Message.user("hello world"));
        int without = counter.countPrompt(request(null, msgs, null));
        int with = counter.countPrompt(request(null, msgs, List.of(tool)));
        int pieces = counter.count("get_weather") + counter.count("Current weather for a city")
                + counter.count(Json.write(schema));
        assertThat(with - without).isEqualTo(12 + 7 + pieces);
        // The schema's JSON text alone is well over a dozen tokens; make sure it was really counted.
        assertThat(pieces).isGreaterThan(20);
    }

    @Test
    void jsonSchemaResponseFormatIsCounted() {
        JsonNode schema = Json.parse("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}");
        List<Message> msgs = List.of(Message.user("hello world"));
        int plain = counter.countPrompt(request(null, msgs, null));
        int structured = counter.countPrompt(request(null, msgs, null,
                new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "reply", schema, true)));
        assertThat(structured - plain).isEqualTo(counter.count("reply") + counter.count(Json.write(schema)));
    }

    @Test
    void replayedThinkingIsNotCounted() {
        Message withThinking = new Message(Role.ASSISTANT, List.of(
                new Content.Thinking("a long chain of private reasoning", "sig", null), Content.Text.of("hello world")));
        assertThat(counter.countPrompt(request(null, List.of(withThinking), null)))
                .isEqualTo(counter.countPrompt(request(null, List.of(Message.assistant("hello world")), null)));
    }
}
