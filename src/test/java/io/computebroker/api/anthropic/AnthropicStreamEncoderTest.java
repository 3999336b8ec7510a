package io.computebroker.api.anthropic;

import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicStreamEncoderTest {

    /** start, two text deltas, one tool call with two argument fragments, finish with usage. */
    static final List<StreamEvent> GOLDEN_EVENTS = List.of(
            new StreamEvent.Start("upstream-id", "upstream-model", new Usage(100, 80, 10, 1, 0)),
            new StreamEvent.TextDelta("Hello"),
            new StreamEvent.TextDelta(" world"),
            new StreamEvent.ToolCallStart(0, "toolu_1", "get_weather"),
            new StreamEvent.ToolCallDelta(0, "{\"city\":"),
            new StreamEvent.ToolCallDelta(0, "\"Paris\"}"),
            new StreamEvent.Finish(StopReason.TOOL_USE, new Usage(100, 80, 10, 25, 0)));

    static final String GOLDEN_SSE = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_123","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":10,"cache_read_input_tokens":80,"output_tokens":0}}}

            event: ping
            data: {"type":"ping"}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Paris\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":10,"cache_read_input_tokens":80,"output_tokens":25}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static String encodeAll(AnthropicStreamEncoder enc, List<StreamEvent> events) {
        StringBuilder sb = new StringBuilder();
        events.forEach(e -> sb.append(enc.encode(e)));
        return sb.toString();
    }

    @Test
    void goldenSequence() {
        assertThat(encodeAll(new AnthropicStreamEncoder("msg_123", "claude-test"), GOLDEN_EVENTS)).isEqualTo(GOLDEN_SSE);
    }

    @Test
    void thinkingThenTextOpensTwoBlocksAndUnknownUsageReportsOutputOnly() {
        String out = encodeAll(new AnthropicStreamEncoder("m1", "c"), List.of(
                new StreamEvent.Start("x", "y", null),
                new StreamEvent.ThinkingDelta("Let me think"),
                new StreamEvent.ThinkingDelta(""),
                new StreamEvent.TextDelta("Answer"),
                new StreamEvent.Finish(null, null)));
        assertThat(out).isEqualTo("""
                event: message_start
                data: {"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","model":"c","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}

                event: ping
                data: {"type":"ping"}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Answer"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":0}}

                event: message_stop
                data: {"type":"message_stop"}

                """);
    }

    @Test
    void twoToolCallsGetTheirOwnBlocks() {
        String out = encodeAll(new AnthropicStreamEncoder("m", "c"), List.of(
                new StreamEvent.Start("x", "y", Usage.of(5, 0)),
                new StreamEvent.ToolCallStart(0, "a", "f"),
                new StreamEvent.ToolCallDelta(0, "{}"),
                new StreamEvent.ToolCallStart(1, "b", "g"),
                new StreamEvent.ToolCallDelta(1, ""),
                new StreamEvent.ToolCallDelta(1, "{\"k\":1}"),
                new StreamEvent.ToolCallDelta(7, "{\"lost\":1}"),
                new StreamEvent.Finish(StopReason.TOOL_USE, Usage.of(5, 9))));
        assertThat(out).contains("data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\",\"input\":{}}}\n")
                .contains("data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n")
                .contains("data: {\"type\":\"content_block_stop\",\"index\":0}\n")
                .contains("data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"b\",\"name\":\"g\",\"input\":{}}}\n")
                .contains("data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"k\\\":1}\"}}\n")
                .doesNotContain("lost")
                .contains("\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":9}");
        assertThat(out.split("event: content_block_delta", -1)).hasSize(3);
    }

    @Test
    void failureEmitsAnErrorEventAndNothingAfter() {
        AnthropicStreamEncoder enc = new AnthropicStreamEncoder("m", "c");
        enc.encode(new StreamEvent.Start("x", "y", null));
        enc.encode(new StreamEvent.TextDelta("partial"));
        String err = enc.encode(new StreamEvent.Failure(new BrokerException(ErrorKind.UNAVAILABLE, "Overloaded")));
        assertThat(err).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        assertThat(enc.encode(new StreamEvent.TextDelta("more"))).isEmpty();
        assertThat(enc.encode(new StreamEvent.Finish(StopReason.END_TURN, null))).isEmpty();
    }

    @Test
    void nothingAfterFinishAndDeltaBeforeStartStillStartsTheMessage() {
        AnthropicStreamEncoder enc = new AnthropicStreamEncoder("m", "c");
        String first = enc.encode(new StreamEvent.TextDelta("hi"));
        assertThat(first).startsWith("event: message_start\n").contains("event: ping\n").contains("\"text\":\"hi\"");
        assertThat(enc.encode(new StreamEvent.Start("late", "late", null))).isEmpty();
        assertThat(enc.encode(new StreamEvent.Finish(StopReason.END_TURN, null))).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(enc.encode(new StreamEvent.TextDelta("after"))).isEmpty();
    }
}
