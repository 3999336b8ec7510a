package io.computebroker.pipeline;

import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import io.computebroker.tokens.TokenCounter;

/**
 * Watches a stream on its way to the caller to know what was generated: reported usage when the upstream
 * gives it, otherwise an estimate from the text seen, so a caller who disconnects mid-stream is still
 * billed for what was produced.
 */
final class StreamObserver {
    private final long startNanos;
    private Usage reported;
    private final StringBuilder generated = new StringBuilder();
    private long firstTokenNanos = -1;
    private String failure;
    private boolean finished;
    private boolean tools;
    private io.computebroker.core.StopReason stop;

    StreamObserver(long startNanos) { this.startNanos = startNanos; }

    void see(StreamEvent e) {
        switch (e) {
            case StreamEvent.Start s -> reported = merge(s.usage());
            case StreamEvent.TextDelta t -> { firstToken(); generated.append(t.text()); }
            case StreamEvent.ThinkingDelta t -> { firstToken(); generated.append(t.text()); }
            case StreamEvent.ToolCallStart t -> { firstToken(); generated.append(t.name()); tools = true; }
            case StreamEvent.ToolCallDelta t -> { firstToken(); generated.append(t.argumentsFragment()); }
            case StreamEvent.Finish f -> { reported = merge(f.usage()); finished = true; stop = f.stopReason(); }
            case StreamEvent.Failure f -> failure = f.error().getMessage();
        }
    }

    private Usage merge(Usage u) { return u == null ? reported : (reported == null ? u : reported.merge(u)); }

    private void firstToken() {
        if (firstTokenNanos < 0) firstTokenNanos = System.nanoTime();
    }

    /** True when the upstream reported output usage; otherwise {@link #usage} is an estimate. */
    boolean usageReported() { return finished && reported != null && reported.outputTokens() > 0; }

    Usage usage(int estimatedPromptTokens, TokenCounter tokens) {
        if (usageReported()) return reported;
        long input = reported != null && reported.inputTokens() > 0 ? reported.inputTokens() : estimatedPromptTokens;
        long cached = reported != null ? reported.cachedInputTokens() : 0;
        return new Usage(input, Math.min(cached, input), 0, tokens.count(generated.toString()), 0);
    }

    long ttftMicros() { return firstTokenNanos < 0 ? -1 : (firstTokenNanos - startNanos) / 1000; }

    String failure() { return failure; }

    /** A finished, text-only stream can be cached and replayed. */
    boolean cacheable() { return wholeText() && reported != null; }

    /** The stream finished without a failure or a tool call: its text is the whole answer (a shadow trial compares it). */
    boolean wholeText() { return finished && !tools && failure == null; }

    io.computebroker.core.StopReason stopReason() { return stop; }

    Usage reportedUsage() { return reported; }

    /** What the caller received, for opt-in completion capture. */
    String text() { return generated.toString(); }
}
