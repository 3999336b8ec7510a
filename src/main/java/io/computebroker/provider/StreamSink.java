package io.computebroker.provider;

import io.computebroker.core.StreamEvent;

/**
 * Receives canonical stream events as they arrive. {@link #accept} throws
 * {@link java.io.UncheckedIOException} when the caller has gone; the provider then aborts the upstream.
 */
@FunctionalInterface
public interface StreamSink {
    void accept(StreamEvent event);
}
