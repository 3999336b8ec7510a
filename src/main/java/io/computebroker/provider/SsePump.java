package io.computebroker.provider;

import io.computebroker.api.SseEvent;
import io.computebroker.api.SseReader;
import io.computebroker.api.StreamDecoder;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.StreamEvent;

import java.io.IOException;
import java.io.InputStream;

/**
 * Moves an upstream SSE body to a sink event by event, with no buffering beyond one event. Closing the
 * reader (on return, on error, or when the sink throws because the caller left) closes the upstream
 * connection, so an abandoned stream stops generating upstream too.
 */
final class SsePump {
    private SsePump() {}

    static void pump(InputStream body, StreamDecoder decoder, StreamSink sink, String providerId) {
        try (SseReader reader = new SseReader(body)) {
            SseEvent event;
            while (!decoder.finished() && (event = reader.next()) != null) {
                for (StreamEvent e : decoder.decode(event)) sink.accept(e);
            }
            if (!decoder.finished()) {
                for (StreamEvent e : decoder.end()) sink.accept(e);
            }
        } catch (IOException e) {
            if (!decoder.finished()) {
                sink.accept(new StreamEvent.Failure(new BrokerException(ErrorKind.UPSTREAM,
                        "connection to provider '" + providerId + "' was lost mid-stream", null, null, e)));
            }
        }
    }
}
