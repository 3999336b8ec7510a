package io.computebroker.api;

import io.computebroker.core.StreamEvent;

/**
 * Turns canonical stream events into the caller's SSE bytes. One instance per response stream; not
 * thread-safe. Returns the text to write now (possibly empty: some events only change state).
 */
public interface StreamEncoder {
    String encode(StreamEvent event);
}
