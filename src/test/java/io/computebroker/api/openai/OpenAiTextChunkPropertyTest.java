package io.computebroker.api.openai;

import io.computebroker.api.SseEvent;
import io.computebroker.core.Json;
import io.computebroker.core.StreamEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/** The pre-rendered text chunk must be byte-identical to serialising the chunk's tree, for any text, id and model. */
class OpenAiTextChunkPropertyTest {
    @Property(tries = 500)
    void textChunkIsWhatTheTreeRenders(@ForAll String text, @ForAll String id, @ForAll String model) {
        var enc = new OpenAiStreamEncoder(id, model, 1_700_000_000L, false);
        enc.encode(new StreamEvent.Start("u", "m", null));
        var tree = Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", 1_700_000_000L).put("model", model);
        var choice = tree.putArray("choices").addObject().put("index", 0);
        choice.set("delta", Json.object().put("content", text));
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        String expected = new SseEvent(null, Json.write(tree)).render();
        assertThat(enc.encode(new StreamEvent.TextDelta(text))).isEqualTo(expected);
        assertThat(enc.encode(new StreamEvent.TextDelta(text))).as("same again, from the cached template").isEqualTo(expected);
    }

    @net.jqwik.api.Example
    void markerInIdOrModelOrTextChangesNothing() {
        textChunkIsWhatTheTreeRenders("a\"b\\c\n\u0001é😀\u2028__broker_text__", "__broker_text__", "\"__broker_text__\"");
    }
}
