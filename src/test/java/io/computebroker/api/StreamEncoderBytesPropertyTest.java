package io.computebroker.api;

import io.computebroker.api.anthropic.AnthropicStreamEncoder;
import io.computebroker.api.openai.OpenAiStreamEncoder;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamEncoder#encodeTo} (the relay's path: plain text straight into the stream's buffer) must give
 * exactly the UTF-8 bytes of {@link StreamEncoder#encode}, for any sequence of events, in both wire formats.
 */
class StreamEncoderBytesPropertyTest {
    @Property(tries = 400)
    void openAiBytesAreTheStringsBytes(@ForAll("events") List<StreamEvent> events) throws IOException {
        sameBytes(() -> new OpenAiStreamEncoder("chatcmpl-1", "m\"odel", 1_700_000_000L, true), events);
    }

    @Property(tries = 400)
    void anthropicBytesAreTheStringsBytes(@ForAll("events") List<StreamEvent> events) throws IOException {
        sameBytes(() -> new AnthropicStreamEncoder("msg_1", "model-é"), events);
    }

    @Example
    void plainAndEscapedTextInOneStream() throws IOException {
        List<StreamEvent> events = List.of(new StreamEvent.Start("u", "m", null), new StreamEvent.TextDelta("Hello"),
                new StreamEvent.TextDelta(" world"), new StreamEvent.TextDelta("say \"hi\"\n"), new StreamEvent.TextDelta("é😀"),
                new StreamEvent.TextDelta("\ud800"), new StreamEvent.TextDelta("~ back to plain"),
                new StreamEvent.Finish(StopReason.END_TURN, new Usage(3, 0, 0, 5, 0)));
        sameBytes(() -> new OpenAiStreamEncoder("c", "m", 1L, true), events);
        sameBytes(() -> new AnthropicStreamEncoder("msg", "m"), events);
    }

    private static void sameBytes(Supplier<StreamEncoder> encoder, List<StreamEvent> events) throws IOException {
        StreamEncoder strings = encoder.get(), bytes = encoder.get();
        StringBuilder expected = new StringBuilder();
        EventBuffer buffer = new EventBuffer(8); // small, so that it grows mid-stream
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int k = 0;
        for (StreamEvent e : events) {
            expected.append(strings.encode(e));
            bytes.encodeTo(e, buffer);
            if (++k % 3 == 0) buffer.writeTo(sent); // flushes fall between events at any point
        }
        buffer.writeTo(sent);
        assertThat(buffer.size()).isZero();
        assertThat(sent.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<StreamEvent>> events() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40), // plain: the fast path
                Arbitraries.strings().ascii().ofMaxLength(20),                  // control characters, DEL
                Arbitraries.strings().all().ofMaxLength(10));                  // anything, lone surrogates included
        Arbitrary<StreamEvent> event = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, text.map(StreamEvent.TextDelta::new)),
                net.jqwik.api.Tuple.of(2, text.map(StreamEvent.ThinkingDelta::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 2)
                        .map(i -> new StreamEvent.ToolCallStart(i, "call_" + i, "f" + i))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 2).flatMap(i -> text
                        .map(s -> new StreamEvent.ToolCallDelta(i, s)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new StreamEvent.Start("u", "m", null))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new StreamEvent.Finish(StopReason.END_TURN, new Usage(1, 0, 0, 2, 0)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new StreamEvent.Failure(new BrokerException(ErrorKind.UPSTREAM, "lost")))));
        return event.list().ofMaxSize(30);
    }
}
