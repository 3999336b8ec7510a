package io.computebroker.api.anthropic;

import io.computebroker.api.SseEvent;
import io.computebroker.api.SseReader;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicStreamDecoderTest {

    /** Runs a transcript through SseReader and the decoder, end() included, as the upstream client does. */
    static List<StreamEvent> decodeAll(String transcript) {
        AnthropicStreamDecoder dec = new AnthropicStreamDecoder();
        List<StreamEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(transcript.getBytes(StandardCharsets.UTF_8)))) {
            SseEvent e;
            while ((e = r.next()) != null) out.addAll(dec.decode(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.addAll(dec.end());
        assertThat(dec.finished()).isTrue();
        return out;
    }

    static final String TEXT_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01ABC","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":0},"output_tokens":1,"service_tier":"standard"}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    @Test
    void textStream() {
        Usage start = new Usage(2125, 2000, 100, 1, 0);
        assertThat(decodeAll(TEXT_STREAM)).containsExactly(
                new StreamEvent.Start("msg_01ABC", "claude-sonnet-4-5-20250929", start),
                new StreamEvent.TextDelta("Hello"),
                new StreamEvent.TextDelta("!"),
                new StreamEvent.Finish(StopReason.END_TURN, new Usage(2125, 2000, 100, 15, 0)));
    }

    static final String TOOL_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_014p7","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Need the weather."}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: content_block_start
            data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":"Okay"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":", checking."}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":1}

            event: content_block_start
            data: {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":" \\"San Francisco, CA\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":2}

            event: content_block_start
            data: {"type":"content_block_start","index":3,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\":\\"x\\"}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":3}

            event: content_block_start
            data: {"type":"content_block_start","index":4,"content_block":{"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":4,"delta":{"type":"input_json_delta","partial_json":"{}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":4}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":89}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    @Test
    void toolUseStreamRenumbersToolBlocksAndSkipsServerTools() {
        assertThat(decodeAll(TOOL_STREAM)).containsExactly(
                new StreamEvent.Start("msg_014p7", "claude-opus-4-1", new Usage(472, 0, 0, 2, 0)),
                new StreamEvent.ThinkingDelta("Need the weather."),
                new StreamEvent.TextDelta("Okay"),
                new StreamEvent.TextDelta(", checking."),
                new StreamEvent.ToolCallStart(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
                new StreamEvent.ToolCallDelta(0, "{\"location\":"),
                new StreamEvent.ToolCallDelta(0, " \"San Francisco, CA\"}"),
                new StreamEvent.ToolCallStart(1, "toolu_02", "get_time"),
                new StreamEvent.ToolCallDelta(1, "{}"),
                new StreamEvent.Finish(StopReason.TOOL_USE, new Usage(472, 0, 0, 89, 0)));
    }

    @Test
    void streamCutBeforeMessageStopIsAFailure() {
        String cut = TEXT_STREAM.substring(0, TEXT_STREAM.indexOf("event: message_delta"));
        List<StreamEvent> events = decodeAll(cut);
        assertThat(events).hasSize(4);
        assertThat(events.get(3)).isInstanceOfSatisfying(StreamEvent.Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
            assertThat(f.error().getMessage()).isEqualTo("upstream stream ended before message_stop");
        });
    }

    @Test
    void errorEventMapsTheKind() {
        String overloaded = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Par"}}

                event: error
                data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ignored"}}

                """;
        List<StreamEvent> events = decodeAll(overloaded);
        assertThat(events).hasSize(3);
        assertThat(events.get(1)).isEqualTo(new StreamEvent.TextDelta("Par"));
        assertThat(events.get(2)).isInstanceOfSatisfying(StreamEvent.Failure.class, f -> {
            assertThat(f.error().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(f.error().getMessage()).isEqualTo("Overloaded");
        });
    }

    @Test
    void errorTypesMap() {
        assertThat(kindOf("rate_limit_error")).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(kindOf("overloaded_error")).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(kindOf("api_error")).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(kindOf("invalid_request_error")).isEqualTo(ErrorKind.UPSTREAM);
    }

    private static ErrorKind kindOf(String type) {
        List<StreamEvent> events = decodeAll("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}\n\n");
        return ((StreamEvent.Failure) events.get(0)).error().kind();
    }

    @Test
    void malformedDataIsAFailure() {
        List<StreamEvent> events = decodeAll("event: message_start\ndata: {not json\n\n");
        assertThat(events).singleElement().isInstanceOfSatisfying(StreamEvent.Failure.class,
                f -> assertThat(f.error().getMessage()).startsWith("upstream sent malformed stream data"));
    }

    @Test
    void deltaBeforeMessageStartIsAFailure() {
        List<StreamEvent> events = decodeAll("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\n\n");
        assertThat(events).singleElement().isInstanceOfSatisfying(StreamEvent.Failure.class,
                f -> assertThat(f.error().getMessage()).isEqualTo("upstream stream sent content_block_delta before message_start"));
    }

    @Test
    void unknownEventTypesAreIgnored() {
        String withUnknown = TEXT_STREAM.replace("event: ping\ndata: {\"type\": \"ping\"}",
                "event: future_event\ndata: {\"type\":\"future_event\",\"x\":1}");
        assertThat(decodeAll(withUnknown)).hasSize(4).last().isInstanceOf(StreamEvent.Finish.class);
    }

    @Test
    void encoderOutputDecodesBackToTheSameEvents() {
        String sse = AnthropicStreamEncoderTest.encodeAll(new AnthropicStreamEncoder("msg_123", "claude-test"),
                AnthropicStreamEncoderTest.GOLDEN_EVENTS);
        List<StreamEvent> back = decodeAll(sse);
        List<StreamEvent> expected = new ArrayList<>(AnthropicStreamEncoderTest.GOLDEN_EVENTS);
        // The encoder writes its own id/model and reports output only at message_delta.
        expected.set(0, new StreamEvent.Start("msg_123", "claude-test", new Usage(100, 80, 10, 0, 0)));
        assertThat(back).isEqualTo(expected);
    }
}
