package io.computebroker.api.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.SseEvent;
import io.computebroker.api.StreamDecoder;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic upstream's SSE to canonical events. Tool calls are renumbered from Anthropic's content
 * block index (shared with text and thinking blocks) to the canonical tool-call index (0, 1, ... over tool
 * blocks only). Blocks the canonical model cannot carry (server tool calls, redacted thinking, future
 * types) are ignored with their deltas; unknown event types are ignored too, as the API asks of clients.
 */
public final class AnthropicStreamDecoder implements StreamDecoder {
    private boolean started;
    private boolean finished;
    private StopReason stopReason;
    private Usage usage = Usage.ZERO;
    private int nextTool;
    /** Content block index to canonical tool index, for tool_use blocks only. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();

    public AnthropicStreamDecoder() {}

    @Override
    public List<StreamEvent> decode(SseEvent event) {
        if (finished) return List.of();
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(event.data());
        } catch (JsonProcessingException e) {
            return fail(ErrorKind.UPSTREAM, "upstream sent malformed stream data: " + e.getOriginalMessage());
        }
        if (data == null || !data.isObject()) return fail(ErrorKind.UPSTREAM, "upstream sent a stream event that is not a JSON object");
        String type = data.path("type").isTextual() ? data.get("type").textValue() : event.event();
        if (type == null) return List.of();
        if (!started && !type.equals("message_start") && !type.equals("ping") && !type.equals("error")) {
            return fail(ErrorKind.UPSTREAM, "upstream stream sent " + type + " before message_start");
        }
        return switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(-1), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(-1), data.path("delta"));
            case "message_delta" -> {
                String reason = data.path("delta").path("stop_reason").textValue();
                if (reason != null) stopReason = StopReason.fromAnthropic(reason);
                usage = usage.merge(Blocks.decodeUsage(data.get("usage")));
                yield List.of();
            }
            case "message_stop" -> {
                finished = true;
                yield List.of(new StreamEvent.Finish(stopReason == null ? StopReason.END_TURN : stopReason, usage));
            }
            case "error" -> {
                JsonNode err = data.path("error");
                String message = ResponseCodec.errorMessage(data);
                yield fail(errorKind(err.path("type").textValue()), message == null ? "upstream stream error" : message);
            }
            // content_block_stop, ping and event types added after this was written carry nothing we need.
            default -> List.of();
        };
    }

    private List<StreamEvent> messageStart(JsonNode message) {
        if (started) return List.of();
        started = true;
        usage = Blocks.decodeUsage(message.get("usage"));
        return List.of(new StreamEvent.Start(message.path("id").textValue(), message.path("model").textValue(), usage));
    }

    private List<StreamEvent> blockStart(int index, JsonNode block) {
        String type = block.path("type").textValue();
        if (type == null) return List.of();
        return switch (type) {
            case "tool_use" -> {
                int tool = nextTool++;
                toolBlocks.put(index, tool);
                JsonNode input = block.get("input");
                // Streams send input {} and the arguments as deltas; a non-empty start input is kept as text.
                if (input != null && input.isObject() && !input.isEmpty()) {
                    yield List.of(new StreamEvent.ToolCallStart(tool, block.path("id").textValue(), block.path("name").textValue()),
                            new StreamEvent.ToolCallDelta(tool, Json.write(input)));
                }
                yield List.of(new StreamEvent.ToolCallStart(tool, block.path("id").textValue(), block.path("name").textValue()));
            }
            case "text" -> nonEmpty(block.path("text").textValue(), false);
            case "thinking" -> nonEmpty(block.path("thinking").textValue(), true);
            default -> List.of();
        };
    }

    private List<StreamEvent> blockDelta(int index, JsonNode delta) {
        String type = delta.path("type").textValue();
        if (type == null) return List.of();
        return switch (type) {
            case "text_delta" -> nonEmpty(delta.path("text").textValue(), false);
            case "thinking_delta" -> nonEmpty(delta.path("thinking").textValue(), true);
            case "input_json_delta" -> {
                Integer tool = toolBlocks.get(index);
                String part = delta.path("partial_json").textValue();
                // Server tool blocks also stream input_json_delta; they are not in toolBlocks and are skipped.
                yield tool == null || part == null || part.isEmpty() ? List.of() : List.of(new StreamEvent.ToolCallDelta(tool, part));
            }
            // signature_delta: the canonical stream has no slot for thinking signatures. citations_delta: no citations.
            default -> List.of();
        };
    }

    private static List<StreamEvent> nonEmpty(String text, boolean thinking) {
        if (text == null || text.isEmpty()) return List.of();
        return List.of(thinking ? new StreamEvent.ThinkingDelta(text) : new StreamEvent.TextDelta(text));
    }

    static ErrorKind errorKind(String anthropicType) {
        if (anthropicType == null) return ErrorKind.UPSTREAM;
        return switch (anthropicType) {
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "overloaded_error" -> ErrorKind.UNAVAILABLE;
            default -> ErrorKind.UPSTREAM;
        };
    }

    private List<StreamEvent> fail(ErrorKind kind, String message) {
        finished = true;
        return List.of(new StreamEvent.Failure(new BrokerException(kind, message)));
    }

    @Override
    public List<StreamEvent> end() {
        if (finished) return List.of();
        return fail(ErrorKind.UPSTREAM, "upstream stream ended before message_stop");
    }

    @Override
    public boolean finished() {
        return finished;
    }
}
