package io.computebroker.core;

/**
 * Canonical streaming events. Upstream decoders turn provider SSE into these; caller-side encoders turn
 * them back into the caller's SSE. The sequence is always: {@link Start}, then any number of deltas,
 * then exactly one of {@link Finish} or {@link Failure}.
 *
 * <p>Tool calls are identified by {@code index}: the position of the call among this message's tool calls
 * (0, 1, ...), which is what OpenAI's {@code tool_calls[].index} carries. Text and tool deltas may
 * interleave only at block boundaries; encoders open and close blocks as the kind changes.
 */
public sealed interface StreamEvent {

    /** First event. {@code usage} carries input tokens when the upstream reports them up front. */
    record Start(String id, String model, Usage usage) implements StreamEvent {}

    record TextDelta(String text) implements StreamEvent {}

    record ThinkingDelta(String text) implements StreamEvent {}

    record ToolCallStart(int index, String id, String name) implements StreamEvent {}

    record ToolCallDelta(int index, String argumentsFragment) implements StreamEvent {}

    /** Last event of a successful stream; {@code usage} is the final, merged usage (may be null if unknown). */
    record Finish(StopReason stopReason, Usage usage) implements StreamEvent {}

    /** The stream broke after it started; encoders emit an error event in the caller's format. */
    record Failure(BrokerException error) implements StreamEvent {}
}
