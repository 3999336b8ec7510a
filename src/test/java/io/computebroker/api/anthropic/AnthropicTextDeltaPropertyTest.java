package io.computebroker.api.anthropic;

import io.computebroker.api.SseEvent;
import io.computebroker.core.Json;
import io.computebroker.core.StreamEvent;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-rendered text delta must be byte-identical to serialising the event's tree, for any non-empty text
 * (an empty delta is not sent) and block index.
 */
class AnthropicTextDeltaPropertyTest {
    @Property(tries = 500)
    void textDeltaIsWhatTheTreeRenders(@ForAll @StringLength(min = 1) String text, @ForAll String id, @ForAll String model) {
        var enc = new AnthropicStreamEncoder(id, model);
        enc.encode(new StreamEvent.Start("u", "m", null));
        assertThat(enc.encode(new StreamEvent.TextDelta("first"))).contains("\"index\":0").contains("\"text\":\"first\"");
        assertThat(enc.encode(new StreamEvent.TextDelta(text))).isEqualTo(expected(0, text));
        assertThat(enc.encode(new StreamEvent.TextDelta(text))).as("same again, from the cached template").isEqualTo(expected(0, text));
    }

    @Example
    void aTextBlockAfterAToolCallUsesItsOwnIndex() {
        var enc = new AnthropicStreamEncoder("msg_1", "m");
        enc.encode(new StreamEvent.Start("u", "m", null));
        enc.encode(new StreamEvent.TextDelta("a"));
        enc.encode(new StreamEvent.ToolCallStart(0, "toolu_1", "f"));
        String second = enc.encode(new StreamEvent.TextDelta("b\"__broker_text__"));
        assertThat(second).endsWith(expected(2, "b\"__broker_text__"));
        assertThat(enc.encode(new StreamEvent.TextDelta("c"))).isEqualTo(expected(2, "c"));
    }

    @Example
    void markerInIdOrModelOrTextChangesNothing() {
        textDeltaIsWhatTheTreeRenders("a\"b\\c\n\u0001é😀\u2028__broker_text__", "__broker_text__", "\"__broker_text__\"");
    }

    private static String expected(int index, String text) {
        var ev = Json.object().put("type", "content_block_delta").put("index", index);
        ev.set("delta", Json.object().put("type", "text_delta").put("text", text));
        return new SseEvent("content_block_delta", Json.write(ev)).render();
    }
}
