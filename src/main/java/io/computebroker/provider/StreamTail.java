package io.computebroker.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What follows a stream's last event ({@code [DONE]}, {@code message_stop}): the rest of the body, usually
 * just its terminating chunk. Reading it lets the connection carry the next request; closing the body
 * instead closes the connection, and the next stream pays a new TCP connect, and against a TLS API a new
 * handshake, before its first token. The caller's answer never waits for it.
 */
final class StreamTail {
    /** A body from the JDK client that has not ended this long after its last event gives up its connection. */
    static final long MAX_WAIT_SECONDS = 10;

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private StreamTail() {}

    /** Reads the rest of {@code body} and so returns its connection to its pool, or closes it; does not wait. */
    static void finish(InputStream body) {
        if (body instanceof Http1Client.Buffered b) {
            b.finishTail(); // bounded by the exchange's read timeout
            return;
        }
        // The JDK client's body stream has no read timeout of its own: the reader is interrupted instead.
        AtomicReference<ScheduledFuture<?>> deadline = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().name("upstream-tail").unstarted(() -> {
            try {
                drain(body);
            } finally {
                ScheduledFuture<?> d = deadline.get();
                if (d != null) d.cancel(false);
            }
        });
        deadline.set(TIMER.schedule(reader::interrupt, MAX_WAIT_SECONDS, TimeUnit.SECONDS));
        reader.start();
    }

    /** Reads {@code body} to its end, at most {@link Http1Client#MAX_TAIL} bytes, and closes it. */
    static void drain(InputStream body) {
        try (body) {
            byte[] scratch = new byte[256];
            int total = 0;
            int n;
            while ((n = body.read(scratch)) >= 0) {
                total += n;
                if (total > Http1Client.MAX_TAIL) return;
            }
        } catch (IOException e) {
            // interrupted or failed: the connection is closed with the body
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("upstream-tail-timer").factory());
        t.setRemoveOnCancelPolicy(true); // a tail that ended in time leaves nothing queued behind it
        return t;
    }
}
