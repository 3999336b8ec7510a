package io.computebroker.provider;

import io.computebroker.core.ChatResponse;

/**
 * An upstream that serves chat. Two methods, nothing else: optional capabilities (embeddings, ...) are
 * separate interfaces. Implementations throw {@link io.computebroker.core.BrokerException} for failures
 * before the first event; once {@code stream} has delivered an event, failures arrive as a
 * {@link io.computebroker.core.StreamEvent.Failure} instead, and the stream always ends with Finish or Failure.
 */
public interface ChatProvider {
    ChatResponse chat(UpstreamCall call);

    void stream(UpstreamCall call, StreamSink sink);

    /** Releases pooled connections; the gateway calls it on shutdown. */
    default void close() {}
}
