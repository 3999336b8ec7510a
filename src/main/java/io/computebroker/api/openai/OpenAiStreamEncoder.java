package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.api.SseEvent;
import io.computebroker.api.StreamEncoder;
import io.computebroker.core.Json;
import io.computebroker.core.StreamEvent;

/**
 * Canonical stream events to the caller's {@code chat.completion.chunk} SSE. Output is byte-stable: the
 * chunk envelope is built in one fixed field order, so a given event sequence always renders the same text.
 *
 * <p>A {@link StreamEvent.Failure} becomes {@code data: {"error":{...}}} with nothing after it; the
 * official SDKs raise an exception on a chunk carrying {@code error}, whereas ending with [DONE] would read
 * as a normal (truncated) answer.
 */
public final class OpenAiStreamEncoder implements StreamEncoder {
    private static final String DONE = new SseEvent(null, "[DONE]").render();

    private final String id;
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private boolean started;
    private boolean closed;
    /** A text chunk rendered around its (escaped) text: the hot path of every stream, built once per stream. */
    private io.computebroker.api.TextTemplate textChunk;
    /**
     * One per stream, reused chunk after chunk: a fresh builder grew three or four times per chunk, the
     * largest share of a relayed chunk's garbage (JFR allocation samples at 1,000 streams).
     */
    private final StringBuilder out = new StringBuilder(384);

    public OpenAiStreamEncoder(String id, String model, long createdEpochSeconds, boolean includeUsage) {
        this.id = id;
        this.model = model;
        this.created = createdEpochSeconds;
        this.includeUsage = includeUsage;
    }

    @Override
    public String encode(StreamEvent event) {
        if (closed) return "";
        StringBuilder out = this.out;
        out.setLength(0);
        // The envelope's id/model are ours (the caller's view), not the upstream's, so Start's are unused.
        if (!started && !(event instanceof StreamEvent.Failure)) {
            started = true;
            ObjectNode delta = Json.object().put("role", "assistant").put("content", "");
            out.append(chunk(delta, null));
        }
        switch (event) {
            case StreamEvent.Start s -> { /* the role chunk above is all a start says */ }
            case StreamEvent.TextDelta t -> appendText(out, t.text());
            case StreamEvent.ThinkingDelta t -> out.append(chunk(Json.object().put("reasoning_content", t.text()), null));
            case StreamEvent.ToolCallStart s -> {
                ObjectNode delta = Json.object();
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", s.index()).put("id", s.id()).put("type", "function");
                call.putObject("function").put("name", s.name()).put("arguments", "");
                out.append(chunk(delta, null));
            }
            case StreamEvent.ToolCallDelta d -> {
                ObjectNode delta = Json.object();
                ObjectNode call = delta.putArray("tool_calls").addObject().put("index", d.index());
                call.putObject("function").put("arguments", d.argumentsFragment());
                out.append(chunk(delta, null));
            }
            case StreamEvent.Finish f -> {
                closed = true;
                out.append(chunk(Json.object(), f.stopReason() == null ? "stop" : f.stopReason().openAi()));
                // Usage unknown is left out rather than reported as zero: a wrong count is worse than none.
                if (includeUsage && f.usage() != null) {
                    ObjectNode u = envelope();
                    u.putArray("choices");
                    u.set("usage", ResponseCodec.usageJson(f.usage()));
                    out.append(new SseEvent(null, Json.write(u)).render());
                }
                out.append(DONE);
            }
            case StreamEvent.Failure f -> {
                closed = true;
                out.append(new SseEvent(null, Json.write(ResponseCodec.error(f.error()))).render());
            }
        }
        return out.toString();
    }

    /** Text chunks after the first go straight into the buffer when their text needs no escaping. */
    @Override
    public void encodeTo(StreamEvent event, io.computebroker.api.EventBuffer buffer) {
        if (started && !closed && textChunk != null && event instanceof StreamEvent.TextDelta t
                && textChunk.appendPlain(buffer, t.text())) {
            return;
        }
        StreamEncoder.super.encodeTo(event, buffer);
    }

    /** Same bytes as {@code chunk({"content": text})}, without building and serialising a tree per chunk. */
    private void appendText(StringBuilder out, String text) {
        if (textChunk == null) textChunk = io.computebroker.api.TextTemplate.of(mark -> chunk(Json.object().put("content", mark), null));
        textChunk.appendTo(out, text);
    }

    private String chunk(ObjectNode delta, String finishReason) {
        ObjectNode c = envelope();
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        return new SseEvent(null, Json.write(c)).render();
    }

    private ObjectNode envelope() {
        return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
    }
}
