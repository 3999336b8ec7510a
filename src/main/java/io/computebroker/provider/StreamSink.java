package io.computebroker.provider;

import io.computebroker.core.StreamEvent;

import java.util.function.Consumer;

/**
 * Receives canonical stream events as they arrive. {@link #accept} throws
 * {@link java.io.UncheckedIOException} when the caller has gone; the provider then aborts the upstream.
 *
 * <p>A sink may hold accepted events back until {@link #flush}, which the source calls whenever it has no
 * further event in memory (its next read would wait on the network). Under load one upstream read often
 * carries several events; sending them to the caller in one write instead of one write each is what keeps
 * a busy gateway from falling further behind. An event is never held while the source waits.
 */
@FunctionalInterface
public interface StreamSink {
    void accept(StreamEvent event);

    /** Sends whatever was accepted and held back. Sinks that send at once need not implement it. */
    default void flush() {}

    /** A sink from an accept action and a flush action (so a wrapping lambda still passes flushes on). */
    static StreamSink of(Consumer<StreamEvent> accept, Runnable flush) {
        return new StreamSink() {
            @Override
            public void accept(StreamEvent event) { accept.accept(event); }

            @Override
            public void flush() { flush.run(); }
        };
    }
}
