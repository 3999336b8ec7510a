package io.computebroker.api.openai;

import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiStreamEncoderTest {

    static final List<StreamEvent> GOLDEN_EVENTS = List.of(
            new StreamEvent.Start("upstream-id", "upstream-model", null),
            new StreamEvent.TextDelta("Hello"),
            new StreamEvent.TextDelta(", world"),
            new StreamEvent.ToolCallStart(0, "call_abc", "get_weather"),
            new StreamEvent.ToolCallDelta(0, "{\"city\":"),
            new StreamEvent.ToolCallDelta(0, "\"Paris\"}"),
            new StreamEvent.Finish(StopReason.TOOL_USE, new Usage(12, 4, 0, 9, 0)));

    static String encodeAll(OpenAiStreamEncoder enc, List<StreamEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (StreamEvent e : events) sb.append(enc.encode(e));
        return sb.toString();
    }

    @Test
    void golden() {
        String out = encodeAll(new OpenAiStreamEncoder("chatcmpl-42", "broker-auto", 1700000000L, true), GOLDEN_EVENTS);
        assertThat(out).isEqualTo("""
                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[{"index":0,"delta":{"content":", world"},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"logprobs":null,"finish_reason":null}]}

                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

                data: {"id":"chatcmpl-42","object":"chat.completion.chunk","created":1700000000,"model":"broker-auto","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":0}}}

                data: [DONE]

                """);
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunk() {
        String out = encodeAll(new OpenAiStreamEncoder("c", "m", 1, false), GOLDEN_EVENTS);
        assertThat(out).doesNotContain("\"usage\"").endsWith("\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n");
        String unknown = encodeAll(new OpenAiStreamEncoder("c", "m", 1, true),
                List.of(new StreamEvent.Start("u", "m", null), new StreamEvent.Finish(StopReason.END_TURN, null)));
        assertThat(unknown).doesNotContain("\"usage\"").contains("\"finish_reason\":\"stop\"");
    }

    @Test
    void thinkingDeltaIsReasoningContent() {
        var enc = new OpenAiStreamEncoder("c", "m", 1, false);
        enc.encode(new StreamEvent.Start("u", "m", null));
        assertThat(enc.encode(new StreamEvent.ThinkingDelta("hmm"))).isEqualTo(
                "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"reasoning_content\":\"hmm\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    }

    @Test
    void failureIsAnErrorEventAndNothingFollows() {
        var enc = new OpenAiStreamEncoder("c", "m", 1, true);
        enc.encode(new StreamEvent.Start("u", "m", null));
        enc.encode(new StreamEvent.TextDelta("par"));
        String err = enc.encode(new StreamEvent.Failure(new BrokerException(ErrorKind.UPSTREAM, "upstream stream ended before completion")));
        assertThat(err).isEqualTo("data: {\"error\":{\"message\":\"upstream stream ended before completion\",\"type\":\"api_error\","
                + "\"param\":null,\"code\":\"upstream_error\"}}\n\n");
        assertThat(enc.encode(new StreamEvent.TextDelta("more"))).isEmpty();
        assertThat(enc.encode(new StreamEvent.Finish(StopReason.END_TURN, null))).isEmpty();
    }

    @Test
    void failureBeforeAnythingIsOnlyTheError() {
        var enc = new OpenAiStreamEncoder("c", "m", 1, true);
        assertThat(enc.encode(new StreamEvent.Failure(new BrokerException(ErrorKind.UNAVAILABLE, "no upstream"))))
                .startsWith("data: {\"error\":").doesNotContain("chat.completion.chunk");
    }

    @Test
    void deltaWithoutStartStillOpensWithTheRoleChunk() {
        var enc = new OpenAiStreamEncoder("c", "m", 1, false);
        String out = enc.encode(new StreamEvent.TextDelta("x"));
        assertThat(out).startsWith("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}");
        assertThat(out).contains("\"delta\":{\"content\":\"x\"}");
        assertThat(enc.encode(new StreamEvent.Start("late", "m", null))).isEmpty();
    }

    @Test
    void encodedStreamDecodesBackToTheSameEvents() {
        String sse = encodeAll(new OpenAiStreamEncoder("chatcmpl-42", "broker-auto", 1, true), GOLDEN_EVENTS);
        List<StreamEvent> back = OpenAiStreamDecoderTest.decodeAll(sse);
        assertThat(back.subList(1, back.size())).isEqualTo(GOLDEN_EVENTS.subList(1, GOLDEN_EVENTS.size()));
        assertThat(back.get(0)).isEqualTo(new StreamEvent.Start("chatcmpl-42", "broker-auto", null));
    }
}
