package io.computebroker.api;

import io.computebroker.core.StreamEvent;

/**
 * Turns canonical stream events into the caller's SSE bytes. One instance per response stream; not
 * thread-safe. Returns the text to write now (possibly empty: some events only change state).
 */
public interface StreamEncoder {
    String encode(StreamEvent event);

    /**
     * Appends the same bytes {@link #encode} returns, as UTF-8. Encoders override it for their hot event
     * (a text delta) to skip the intermediate strings.
     */
    default void encodeTo(StreamEvent event, EventBuffer out) {
        out.appendUtf8(encode(event));
    }
}
