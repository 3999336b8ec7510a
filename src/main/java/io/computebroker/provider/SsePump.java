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
 * Moves an upstream SSE body to a sink event by event, with no buffering beyond one read. A stream that
 * ended as its protocol says leaves its body to {@link StreamTail}, which reads the last chunk so the
 * connection is pooled; on error, or when the sink throws because the caller left, the body is closed, which closes
 * the upstream connection, so an abandoned stream stops generating upstream too.
 *
 * <p>The sink is flushed before every read that could wait on the network: when the bytes already received
 * hold more events (the upstream got ahead of us), they are relayed first and leave in one write.
 */
final class SsePump {
    private SsePump() {}

    static void pump(InputStream body, StreamDecoder decoder, StreamSink sink, String providerId) {
        Runnable beforeRead = body instanceof Http1Client.Buffered b ? () -> { if (!b.ready()) sink.flush(); } : sink::flush;
        SseReader reader = new SseReader(body, beforeRead);
        boolean ended = false;
        try {
            SseEvent event;
            while (!decoder.finished() && (event = reader.next()) != null) {
                for (StreamEvent e : decoder.decode(event)) sink.accept(e);
            }
            if (!decoder.finished()) {
                for (StreamEvent e : decoder.end()) sink.accept(e);
            }
            sink.flush(); // the end of the stream leaves now, not after the call is settled
            ended = true;
        } catch (IOException e) {
            if (!decoder.finished()) {
                sink.accept(new StreamEvent.Failure(new BrokerException(ErrorKind.UPSTREAM,
                        "connection to provider '" + providerId + "' was lost mid-stream", null, null, e)));
            }
            sink.flush();
        } finally {
            // A stream that ended as the protocol says keeps its connection: closing the body before its last
            // chunk had closed the connection, so every stream opened a new one (at 1,000 streams, a thousand
            // connects to the model server in the middle of each burst; against a TLS API, a handshake before
            // every first token). Anything else (the caller left, the upstream failed) closes it, so an
            // abandoned stream stops generating upstream.
            if (ended) StreamTail.finish(body);
            else StreamTail.closeQuietly(body); // the reader holds nothing of its own to close
        }
    }
}
