package io.computebroker.server;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.ToolUseBlockParam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official anthropic-java SDK against the real gateway: an Anthropic-format upstream
 * (sim-frontier) and an OpenAI-format one (sim-owned), so the second proves OpenAI → Anthropic
 * translation, streamed tool calls included.
 */
class AnthropicSdkTest {
    static TestGateway tg;
    static AnthropicClient client;

    @BeforeAll
    static void start() {
        tg = TestGateway.start();
        client = AnthropicOkHttpClient.builder().baseUrl(tg.baseUrl).apiKey(tg.key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        tg.close();
    }

    static MessageCreateParams.Builder ask(String model, String prompt) {
        return MessageCreateParams.builder().model(model).maxTokens(300).system("You are terse.").addUserMessage(prompt);
    }

    static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Current weather for a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city")).build())
                .build();
    }

    @Test
    void nonStreamingFromBothUpstreamFormats() {
        for (String model : List.of("sim-frontier", "sim-owned")) {
            Message m = client.messages().create(ask(model, "Extract the invoice number: INV-2291").build());
            assertThat(m.model().asString()).isEqualTo(model);
            assertThat(m.content().get(0).text().orElseThrow().text()).startsWith("[simulated " + model + "]");
            assertThat(m.stopReason()).contains(StopReason.END_TURN);
            assertThat(m.usage().inputTokens()).isPositive();
            assertThat(m.usage().outputTokens()).isPositive();
        }
    }

    @Test
    void streamingFullEventSequenceFromBothUpstreamFormats() {
        for (String model : List.of("sim-frontier", "sim-owned")) {
            MessageAccumulator acc = MessageAccumulator.create();
            List<RawMessageStreamEvent> events = new ArrayList<>();
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(ask(model, "Say something short").build())) {
                s.stream().forEach(e -> { events.add(e); acc.accumulate(e); });
            }
            assertThat(events.get(0).isMessageStart()).isTrue();
            assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
            assertThat(events).anyMatch(RawMessageStreamEvent::isContentBlockStart)
                    .anyMatch(RawMessageStreamEvent::isContentBlockDelta)
                    .anyMatch(RawMessageStreamEvent::isContentBlockStop)
                    .anyMatch(RawMessageStreamEvent::isMessageDelta);
            Message m = acc.message();
            Message whole = client.messages().create(ask(model, "Say something short").build());
            assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo(whole.content().get(0).text().orElseThrow().text());
            assertThat(m.usage().outputTokens()).isPositive();
            assertThat(m.stopReason()).contains(StopReason.END_TURN);
        }
    }

    @Test
    void toolUseNonStreamingAndStreamingFromBothUpstreamFormats() {
        for (String model : List.of("sim-frontier", "sim-owned")) {
            MessageCreateParams params = ask(model, "Weather in Leiden?").addTool(weatherTool()).build();
            Message m = client.messages().create(params);
            assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
            ToolUseBlock use = m.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
            assertThat(use.name()).isEqualTo("get_weather");
            assertThat(use._input().toString()).contains("city");

            MessageAccumulator acc = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            Message streamed = acc.message();
            assertThat(streamed.stopReason()).contains(StopReason.TOOL_USE);
            ToolUseBlock su = streamed.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
            assertThat(su.name()).isEqualTo("get_weather");
            assertThat(su.id()).isEqualTo(use.id());
            assertThat(su._input().toString()).isEqualTo(use._input().toString());
        }
    }

    @Test
    void toolResultRoundTripThroughOpenAiUpstream() {
        Message first = client.messages().create(ask("sim-owned", "Weather in Gouda?").addTool(weatherTool()).build());
        ToolUseBlock use = first.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        MessageCreateParams second = ask("sim-owned", "Weather in Gouda?").addTool(weatherTool())
                .addAssistantMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                        .id(use.id()).name(use.name()).input(use._input()).build())))
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(use.id()).content("sunny, 21 C").build())))
                .build();
        Message answer = client.messages().create(second);
        assertThat(answer.content().get(0).text().orElseThrow().text()).contains("sunny, 21 C");
    }

    @Test
    void countTokens() {
        long n = client.messages().countTokens(MessageCountTokensParams.builder().model("sim-frontier")
                .addUserMessage("hello world, count my tokens please").build()).inputTokens();
        assertThat(n).isBetween(5L, 40L);
    }
}
