package io.computebroker.api.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorResponse;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.computebroker.api.SseEvent;
import io.computebroker.api.SseReader;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.Role;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What we emit must parse with the official anthropic-java SDK, and what it sends must decode here. */
class AnthropicSdkCompatTest {
    private static final JsonMapper SDK = ObjectMappers.jsonMapper();

    @Test
    void encodedResponseParsesAsSdkMessage() throws Exception {
        ChatResponse resp = new ChatResponse("x", "y", List.of(
                new Content.Thinking("hmm", null, null),
                Content.Text.of("Sunny."),
                new Content.ToolUse("toolu_1", "get_weather", "{\"city\":\"Paris\"}", null)),
                StopReason.TOOL_USE, new Usage(1000, 700, 200, 50, 0));
        Message m = SDK.readValue(Json.write(AnthropicCodec.encodeResponse(resp, "msg_1", "claude-x")), Message.class).validate();
        assertThat(m.id()).isEqualTo("msg_1");
        assertThat(m.model().asString()).isEqualTo("claude-x");
        assertThat(m.content()).hasSize(3);
        assertThat(m.content().get(0).asThinking().thinking()).isEqualTo("hmm");
        assertThat(m.content().get(0).asThinking().signature()).isEmpty();
        assertThat(m.content().get(1).asText().text()).isEqualTo("Sunny.");
        assertThat(m.content().get(2).asToolUse().name()).isEqualTo("get_weather");
        assertThat(m.content().get(2).asToolUse()._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
        assertThat(m.stopReason()).contains(com.anthropic.models.messages.StopReason.TOOL_USE);
        assertThat(m.usage().inputTokens()).isEqualTo(100);
        assertThat(m.usage().cacheReadInputTokens()).contains(700L);
        assertThat(m.usage().cacheCreationInputTokens()).contains(200L);
        assertThat(m.usage().outputTokens()).isEqualTo(50);
    }

    private static List<RawMessageStreamEvent> sdkEvents(String sse) throws Exception {
        List<RawMessageStreamEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)))) {
            SseEvent e;
            while ((e = r.next()) != null) {
                if (e.event().equals("ping") || e.event().equals("error")) continue;
                RawMessageStreamEvent ev = SDK.readValue(e.data(), RawMessageStreamEvent.class).validate();
                out.add(ev);
            }
        }
        return out;
    }

    @Test
    void encodedStreamAccumulatesIntoTheSdkMessage() throws Exception {
        String sse = AnthropicStreamEncoderTest.encodeAll(new AnthropicStreamEncoder("msg_123", "claude-test"),
                AnthropicStreamEncoderTest.GOLDEN_EVENTS);
        MessageAccumulator acc = MessageAccumulator.create();
        sdkEvents(sse).forEach(acc::accumulate);
        Message m = acc.message().validate();
        assertThat(m.id()).isEqualTo("msg_123");
        assertThat(m.content()).hasSize(2);
        assertThat(m.content().get(0).asText().text()).isEqualTo("Hello world");
        ContentBlock tool = m.content().get(1);
        assertThat(tool.asToolUse().id()).isEqualTo("toolu_1");
        assertThat(tool.asToolUse()._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
        assertThat(m.stopReason()).contains(com.anthropic.models.messages.StopReason.TOOL_USE);
        assertThat(m.usage().outputTokens()).isEqualTo(25);
        assertThat(m.usage().inputTokens()).isEqualTo(10);
        assertThat(m.usage().cacheReadInputTokens()).contains(80L);
    }

    @Test
    void thinkingStreamAccumulates() throws Exception {
        String sse = AnthropicStreamEncoderTest.encodeAll(new AnthropicStreamEncoder("m", "c"), List.of(
                new StreamEvent.Start("x", "y", Usage.of(3, 0)),
                new StreamEvent.ThinkingDelta("a"), new StreamEvent.ThinkingDelta("b"),
                new StreamEvent.TextDelta("c"),
                new StreamEvent.Finish(StopReason.END_TURN, Usage.of(3, 4))));
        MessageAccumulator acc = MessageAccumulator.create();
        sdkEvents(sse).forEach(acc::accumulate);
        Message m = acc.message().validate();
        assertThat(m.content().get(0).asThinking().thinking()).isEqualTo("ab");
        assertThat(m.content().get(1).asText().text()).isEqualTo("c");
    }

    @Test
    void errorBodiesParseAsSdkErrorResponse() throws Exception {
        String body = Json.write(AnthropicCodec.encodeError(new BrokerException(ErrorKind.RATE_LIMITED, "slow down")));
        ErrorResponse err = SDK.readValue(body, ErrorResponse.class).validate();
        assertThat(err.error().isRateLimitError()).isTrue();
        assertThat(err.error().asRateLimitError().message()).isEqualTo("slow down");

        AnthropicStreamEncoder enc = new AnthropicStreamEncoder("m", "c");
        enc.encode(new StreamEvent.Start("x", "y", null));
        String sse = enc.encode(new StreamEvent.Failure(new BrokerException(ErrorKind.UNAVAILABLE, "Overloaded")));
        String data = sse.substring(sse.indexOf("data: ") + 6).trim();
        assertThat(SDK.readValue(data, ErrorResponse.class).validate().error().isOverloadedError()).isTrue();
    }

    @Test
    void sdkBuiltRequestDecodes() throws Exception {
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .system("Be brief.")
                // SDK 3.12 no longer types temperature/top_k; older clients still send them as plain fields.
                .putAdditionalBodyProperty("temperature", JsonValue.from(0.2))
                .addStopSequence("END")
                .addUserMessage("What is the weather?")
                .addMessage(MessageParam.ofAssistantOfContentBlockParams(List.of(
                        ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id("toolu_1").name("get_weather")
                                .input(JsonValue.from(Map.of("city", "Paris"))).build()))))
                .addMessage(MessageParam.ofUserOfContentBlockParams(List.of(
                        ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId("toolu_1").content("sunny").build()),
                        ContentBlockParam.ofImage(ImageBlockParam.builder().source(Base64ImageSource.builder()
                                .mediaType(Base64ImageSource.MediaType.IMAGE_PNG).data("iVBOR").build()).build()),
                        ContentBlockParam.ofText(TextBlockParam.builder().text("thanks").build()))))
                .addTool(Tool.builder().name("get_weather").description("Weather")
                        .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
                        .build())
                .toolChoice(ToolChoiceAny.builder().disableParallelToolUse(true).build())
                .putAdditionalBodyProperty("top_k", JsonValue.from(5))
                .build();
        String body = SDK.writeValueAsString(params._body());
        ChatRequest r = AnthropicCodec.decodeRequest(Json.parse(body));
        assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(r.maxTokens()).isEqualTo(1024);
        assertThat(r.systemText()).isEqualTo("Be brief.");
        assertThat(r.temperature()).isEqualTo(0.2);
        assertThat(r.stop()).containsExactly("END");
        assertThat(r.messages()).hasSize(3);
        assertThat(r.messages().get(1).role()).isEqualTo(Role.ASSISTANT);
        assertThat(r.messages().get(1).content()).containsExactly(
                new Content.ToolUse("toolu_1", "get_weather", "{\"city\":\"Paris\"}", null));
        assertThat(r.messages().get(2).content()).hasSize(3).first().isEqualTo(
                new Content.ToolResult("toolu_1", List.of(Content.Text.of("sunny")), false, null));
        assertThat(r.tools()).singleElement().satisfies(t ->
                assertThat(t.inputSchema().path("properties").path("city").path("type").asText()).isEqualTo("string"));
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.ANY, null, false));
        assertThat(r.passthrough()).containsOnlyKeys("top_k");
    }

    @Test
    void encodedUpstreamRequestParsesAsSdkBody() throws Exception {
        ChatRequest r = new ChatRequest("gpt-ish", List.of(Content.Text.of("sys")), List.of(
                io.computebroker.core.Message.user("q"),
                new io.computebroker.core.Message(Role.ASSISTANT, List.of(new Content.ToolUse("c1", "f", "{\"a\":1}", null))),
                new io.computebroker.core.Message(Role.USER, List.of(new Content.ToolResult("c1",
                        List.of(Content.Text.of("r"), new Content.Image("image/png", "AAA", null, null, null)), true, null)))),
                List.of(new io.computebroker.core.Tool("f", "d", null, null)), ToolChoice.AUTO, null, 1.5, 0.9,
                List.of("S"), true, true, null, null, "user-1", io.computebroker.core.WireFormat.OPENAI, null);
        String body = Json.write(AnthropicCodec.encodeRequest(r, "claude-up", 2048));
        MessageCreateParams.Body parsed = SDK.readValue(body, MessageCreateParams.Body.class).validate();
        assertThat(parsed.model().asString()).isEqualTo("claude-up");
        assertThat(parsed.maxTokens()).isEqualTo(2048);
        assertThat(parsed.messages()).hasSize(3);
        assertThat(parsed._additionalProperties().get("temperature").convert(Double.class)).isEqualTo(1.0);
        assertThat(parsed.metadata().flatMap(m -> m.userId())).contains("user-1");
    }
}
