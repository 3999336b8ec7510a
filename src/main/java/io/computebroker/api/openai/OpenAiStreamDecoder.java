package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.computebroker.api.SseEvent;
import io.computebroker.api.StreamDecoder;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible upstream's chat.completion.chunk SSE to canonical events. Written for the servers
 * that bend the format: chunks without ids, role-only or empty-choice chunks (vLLM, Ollama), a usage-only
 * chunk after the finish_reason, a whole tool call in one chunk (Ollama), every tool call reusing index 0
 * (older Ollama), no [DONE] at all, and errors as {@code {"error":..}} or vLLM's {@code {"object":"error"}}.
 */
public final class OpenAiStreamDecoder implements StreamDecoder {
    private boolean started;
    private boolean finished;
    private String finishReason;
    private Usage usage;
    /** Upstream tool_calls[].index to the call it currently denotes; see {@link #toolCall}. */
    private final Map<Integer, ToolSlot> slots = new HashMap<>();
    private int nextToolIndex;

    private record ToolSlot(int index, String id) {}

    /** Plain text chunks skip the JSON tree ({@link PlainChunk}); off only to check the two paths agree. */
    private final boolean fastPath;

    public OpenAiStreamDecoder() { this(true); }

    OpenAiStreamDecoder(boolean fastPath) { this.fastPath = fastPath; }

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (finished) return List.of();
        String data = event.data().strip();
        if (data.isEmpty()) return List.of();
        if (data.equals("[DONE]")) {
            List<StreamEvent> out = new ArrayList<>();
            finish(out);
            return out;
        }
        if (fastPath && event.event() == null) {
            PlainChunk plain = PlainChunkScanner.scan(data, !started);
            if (plain == null) plain = PlainChunk.parse(data);
            if (plain != null) return plain(plain);
        }
        List<StreamEvent> out = new ArrayList<>();
        JsonNode chunk;
        try {
            chunk = Json.MAPPER.readTree(data);
        } catch (Exception e) {
            return fail(out, "upstream sent an unreadable stream chunk");
        }
        if (!(chunk != null && chunk.isObject())) return fail(out, "upstream sent an unreadable stream chunk");

        JsonNode err = chunk.get("error");
        if ((err != null && !err.isNull()) || "error".equals(chunk.path("object").textValue()) || "error".equals(event.event())) {
            String msg = OpenAiCodec.errorMessage(chunk);
            return fail(out, msg != null ? msg : "upstream reported an error mid-stream");
        }

        if (!started) {
            started = true;
            out.add(new StreamEvent.Start(chunk.path("id").textValue(), chunk.path("model").textValue(), null));
        }
        if (chunk.get("choices") instanceof ArrayNode choices) {
            for (JsonNode choice : choices) {
                // We never ask for n > 1, so anything but choice 0 is noise.
                if (choice.path("index").asInt(0) == 0) choice(choice, out);
            }
        }
        Usage u = ResponseCodec.usage(chunk.get("usage"));
        if (u != null) usage = usage == null ? u : usage.merge(u);
        if ("error".equals(finishReason)) {
            // OpenRouter's mid-stream failure when no error object came with it.
            return fail(out, "upstream ended the stream with finish_reason=error");
        }
        return out;
    }

    /** The same events {@link #decode} makes from the tree of a plain chunk. */
    private List<StreamEvent> plain(PlainChunk c) {
        boolean text = c.content() != null && !c.content().isEmpty();
        if (started && (c.finish() == null || c.finish().isEmpty())) {
            // Most chunks of a stream: one text delta, in a list that does not grow (an ArrayList did, per chunk).
            return text ? List.of(new StreamEvent.TextDelta(c.content())) : List.of();
        }
        List<StreamEvent> out = new ArrayList<>(3);
        if (!started) {
            started = true;
            out.add(new StreamEvent.Start(c.id(), c.model(), null));
        }
        if (text) out.add(new StreamEvent.TextDelta(c.content()));
        if (c.finish() != null && !c.finish().isEmpty()) finishReason = c.finish();
        if ("error".equals(finishReason)) return fail(out, "upstream ended the stream with finish_reason=error");
        return out;
    }

    private void choice(JsonNode choice, List<StreamEvent> out) {
        JsonNode delta = choice.path("delta");
        String reasoning = ResponseCodec.reasoning(delta);
        if (reasoning != null) out.add(new StreamEvent.ThinkingDelta(reasoning));
        JsonNode content = delta.get("content");
        if (content != null && content.isTextual() && !content.textValue().isEmpty()) {
            out.add(new StreamEvent.TextDelta(content.textValue()));
        }
        // A streamed refusal is what the caller must see; the non-streaming decoder treats it as text too.
        String refusal = nonEmpty(delta.get("refusal"));
        if (refusal != null) out.add(new StreamEvent.TextDelta(refusal));
        if (delta.get("tool_calls") instanceof ArrayNode calls) {
            for (JsonNode tc : calls) toolCall(tc, out);
        } else if (delta.get("function_call") instanceof JsonNode fc && fc.isObject()) {
            toolCall(Json.object().put("index", 0).set("function", fc), out);
        }
        JsonNode fr = choice.get("finish_reason");
        if (fr != null && fr.isTextual() && !fr.textValue().isEmpty()) finishReason = fr.textValue();
    }

    /**
     * A fragment with an id or name opens a call; a later fragment with the same upstream index and no (or
     * the same) id continues it. A different id at a used index is a new call: older Ollama numbers every
     * call 0. Fragments for a never-opened index still open a call, so no arguments are lost.
     */
    private void toolCall(JsonNode tc, List<StreamEvent> out) {
        int upIndex = tc.path("index").asInt(0);
        String id = nonEmpty(tc.get("id"));
        JsonNode fn = tc.path("function");
        String name = nonEmpty(fn.get("name"));
        ToolSlot slot = slots.get(upIndex);
        if (slot == null || (id != null && !id.equals(slot.id()))) {
            int index = nextToolIndex++;
            slot = new ToolSlot(index, id != null ? id : "call_" + index);
            slots.put(upIndex, slot);
            out.add(new StreamEvent.ToolCallStart(index, slot.id(), name != null ? name : ""));
        }
        JsonNode args = fn.get("arguments");
        String fragment = args == null || args.isNull() ? null : args.isTextual() ? args.textValue() : Json.write(args);
        if (fragment != null && !fragment.isEmpty()) out.add(new StreamEvent.ToolCallDelta(slot.index(), fragment));
    }

    @Override
    public List<StreamEvent> end() {
        if (finished) return List.of();
        List<StreamEvent> out = new ArrayList<>();
        // Some servers close the body right after the finish_reason (or usage) chunk without [DONE].
        if (finishReason != null) finish(out);
        else fail(out, "upstream stream ended before completion");
        return out;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    private void finish(List<StreamEvent> out) {
        if (!started) {
            started = true;
            out.add(new StreamEvent.Start(null, null, null));
        }
        StopReason stop = StopReason.fromOpenAi(finishReason);
        // Some servers report "stop" after streaming tool calls; callers key on tool use.
        if (nextToolIndex > 0 && stop == StopReason.END_TURN) stop = StopReason.TOOL_USE;
        out.add(new StreamEvent.Finish(stop, usage));
        finished = true;
    }

    private List<StreamEvent> fail(List<StreamEvent> out, String message) {
        out.add(new StreamEvent.Failure(new BrokerException(ErrorKind.UPSTREAM, message)));
        finished = true;
        return out;
    }

    private static String nonEmpty(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }
}
