package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.api.SseEvent;
import io.computebroker.api.StreamEncoder;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;

import java.util.HashMap;
import java.util.Map;

/**
 * Canonical stream events to the caller's Anthropic SSE: message_start and ping, then for each content
 * block content_block_start, its deltas and content_block_stop, then message_delta and message_stop.
 * Canonical events carry no block boundaries, so a block opens whenever the kind of delta changes (text,
 * thinking, or a new tool call) and the previous one closes at that moment. Field order is fixed, so the
 * same events always give the same bytes.
 */
public final class AnthropicStreamEncoder implements StreamEncoder {
    private enum Kind { NONE, TEXT, THINKING, TOOL }

    private final String id;
    private final String model;
    private boolean started;
    private boolean done;
    private int nextIndex;
    private int openIndex = -1;
    private Kind openKind = Kind.NONE;
    /** Canonical tool-call index to the content block index that carries it. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();

    /**
     * One per stream, reused chunk after chunk: a fresh builder grew three or four times per chunk, the
     * largest share of a relayed chunk's garbage (JFR allocation samples at 1,000 streams).
     */
    private final StringBuilder out = new StringBuilder(384);
    /** A text delta rendered around its (escaped) text, for the block {@link #textIndex}: built once per block. */
    private io.computebroker.api.TextTemplate deltaTemplate;
    private int textIndex = -1;

    public AnthropicStreamEncoder(String id, String model) {
        this.id = id;
        this.model = model;
    }

    @Override
    public String encode(StreamEvent event) {
        if (done) return "";
        StringBuilder out = this.out;
        out.setLength(0);
        // A decoder bug must not yield a stream the SDKs cannot parse: every stream starts with message_start.
        if (!started && !(event instanceof StreamEvent.Start) && !(event instanceof StreamEvent.Failure)) {
            start(out, null);
        }
        switch (event) {
            case StreamEvent.Start s -> { if (!started) start(out, s.usage()); }
            case StreamEvent.TextDelta t -> {
                if (t.text().isEmpty()) break;
                if (openKind != Kind.TEXT) open(out, Kind.TEXT, Json.object().put("type", "text").put("text", ""));
                textDelta(out, openIndex, t.text());
            }
            case StreamEvent.ThinkingDelta t -> {
                if (t.text().isEmpty()) break;
                if (openKind != Kind.THINKING) {
                    open(out, Kind.THINKING, Json.object().put("type", "thinking").put("thinking", "").put("signature", ""));
                }
                delta(out, openIndex, Json.object().put("type", "thinking_delta").put("thinking", t.text()));
            }
            case StreamEvent.ToolCallStart c -> {
                ObjectNode block = Json.object().put("type", "tool_use").put("id", c.id()).put("name", c.name());
                block.putObject("input");
                open(out, Kind.TOOL, block);
                toolBlocks.put(c.index(), openIndex);
            }
            case StreamEvent.ToolCallDelta d -> {
                Integer block = toolBlocks.get(d.index());
                // A fragment for a call never started cannot be attributed to a block; nothing sensible to send.
                if (block == null || d.argumentsFragment() == null || d.argumentsFragment().isEmpty()) break;
                // Normally the open block. If a decoder interleaved calls, the delta still goes to that call's
                // own index, which is how the SDK accumulators key partial JSON.
                delta(out, block, Json.object().put("type", "input_json_delta").put("partial_json", d.argumentsFragment()));
            }
            case StreamEvent.Finish f -> finish(out, f.stopReason(), f.usage());
            case StreamEvent.Failure f -> failure(out, f.error());
        }
        return out.toString();
    }

    /** Text deltas into the open text block go straight into the buffer when their text needs no escaping. */
    @Override
    public void encodeTo(StreamEvent event, io.computebroker.api.EventBuffer buffer) {
        if (started && !done && openKind == Kind.TEXT && textIndex == openIndex && deltaTemplate != null
                && event instanceof StreamEvent.TextDelta t && !t.text().isEmpty()
                && deltaTemplate.appendPlain(buffer, t.text())) {
            return;
        }
        StreamEncoder.super.encodeTo(event, buffer);
    }

    private void start(StringBuilder out, Usage usage) {
        started = true;
        Usage u = usage == null ? Usage.ZERO : usage;
        ObjectNode msg = Json.object().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        // Output is counted at message_delta; message_start only reports the prompt side.
        msg.set("usage", Blocks.usage(new Usage(u.inputTokens(), u.cachedInputTokens(), u.cacheWriteTokens(), 0, 0), true));
        ObjectNode ev = Json.object().put("type", "message_start");
        ev.set("message", msg);
        emit(out, ev);
        emit(out, Json.object().put("type", "ping"));
    }

    private void open(StringBuilder out, Kind kind, ObjectNode block) {
        close(out);
        openIndex = nextIndex++;
        openKind = kind;
        ObjectNode ev = Json.object().put("type", "content_block_start").put("index", openIndex);
        ev.set("content_block", block);
        emit(out, ev);
    }

    private void close(StringBuilder out) {
        if (openKind == Kind.NONE) return;
        emit(out, Json.object().put("type", "content_block_stop").put("index", openIndex));
        openKind = Kind.NONE;
    }

    private void delta(StringBuilder out, int index, ObjectNode delta) {
        ObjectNode ev = Json.object().put("type", "content_block_delta").put("index", index);
        ev.set("delta", delta);
        emit(out, ev);
    }

    /** Same bytes as {@code delta(index, {"type":"text_delta","text":text})}, without a tree per chunk. */
    private void textDelta(StringBuilder out, int index, String text) {
        if (index != textIndex) {
            deltaTemplate = io.computebroker.api.TextTemplate.of(mark -> {
                StringBuilder t = new StringBuilder();
                delta(t, index, Json.object().put("type", "text_delta").put("text", mark));
                return t.toString();
            });
            textIndex = index;
        }
        deltaTemplate.appendTo(out, text);
    }

    private void finish(StringBuilder out, StopReason reason, Usage usage) {
        close(out);
        ObjectNode ev = Json.object().put("type", "message_delta");
        ev.putObject("delta").put("stop_reason", (reason == null ? StopReason.END_TURN : reason).anthropic()).putNull("stop_sequence");
        Usage u = usage == null ? Usage.ZERO : usage;
        // Input counts go out again only when known, as the API's cumulative message_delta usage does.
        ev.set("usage", Blocks.usage(u, u.inputTokens() > 0));
        emit(out, ev);
        emit(out, Json.object().put("type", "message_stop"));
        done = true;
    }

    /** Anthropic's mid-stream error event; the stream ends there, without closing the open block. */
    private void failure(StringBuilder out, BrokerException error) {
        emit(out, ResponseCodec.encodeError(error));
        done = true;
    }

    private static void emit(StringBuilder out, ObjectNode event) {
        out.append(new SseEvent(event.get("type").textValue(), Json.write(event)).render());
    }
}
