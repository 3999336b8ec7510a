package io.computebroker.api;

import io.computebroker.core.StreamEvent;

import java.util.List;

/**
 * Turns an upstream's SSE events into canonical events. One instance per upstream stream; not
 * thread-safe. {@link #end()} is called at end of body and must return a {@link StreamEvent.Failure}
 * if the upstream stopped before its terminal event (a cut stream is an error, never a silent end).
 */
public interface StreamDecoder {
    List<StreamEvent> decode(SseEvent event);

    List<StreamEvent> end();

    /** True once the terminal event (Finish or Failure) has been produced. */
    boolean finished();
}
