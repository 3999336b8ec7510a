package io.computebroker.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What follows a stream's last event ({@code [DONE]}, {@code message_stop}): the rest of the body, usually
 * just its terminating chunk. Reading it lets the connection carry the next request; closing the body
 * instead closes the connection, and the next stream pays a new TCP connect, and against a TLS API a new
 * handshake, before its first token. The caller's answer never waits for it.
 */
final class StreamTail {
    /** What may follow the end of a stream's last event before its connection is no longer worth keeping. */
    static final int MAX_TAIL = 16 * 1024;
    /** A body from the JDK client that has not ended this long after its last event gives up its connection. */
    static final long MAX_WAIT_SECONDS = 10;

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private StreamTail() {}

    /**
     * Reads the rest of {@code body} and so returns its connection to its pool, or closes it; does not wait.
     * An {@link Http1Client} body is read on this thread as far as its bytes are at hand (usually to its end),
     * the rest on a virtual thread bounded by the exchange's read timeout; a JDK-client body, which has no read
     * timeout of its own, on a virtual thread that is interrupted after {@link #MAX_WAIT_SECONDS}.
     */
    static void finish(InputStream body) {
        if (body instanceof Http1Client.Buffered b) {
            int read = read(body, 0, b::ready);
            if (read != ENDED) Thread.ofVirtual().name("upstream-tail").start(() -> drain(body, read));
            return;
        }
        AtomicReference<ScheduledFuture<?>> deadline = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().name("upstream-tail").unstarted(() -> {
            try {
                drain(body, 0);
            } finally {
                ScheduledFuture<?> d = deadline.get();
                if (d != null) d.cancel(false);
            }
        });
        deadline.set(TIMER.schedule(reader::interrupt, MAX_WAIT_SECONDS, TimeUnit.SECONDS));
        reader.start();
    }

    /**
     * Reads {@code body} to its end, at most {@link #MAX_TAIL} bytes counting the {@code alreadyRead}, and closes
     * it (which keeps the connection of a body that ended, and closes one that did not).
     */
    private static void drain(InputStream body, int alreadyRead) {
        read(body, alreadyRead, () -> true); // with nothing to stop it, returns only once the body is done with
    }

    /** {@link #read}'s answer when the body is done with: ended and closed, or closed for running long or failing. */
    private static final int ENDED = -1;

    /**
     * Reads while {@code more} says bytes are at hand; returns the bytes read so far (counting {@code total}), or
     * {@link #ENDED} once the body ended or went past {@link #MAX_TAIL} or failed, having closed it.
     */
    private static int read(InputStream body, int total, BooleanSupplier more) {
        byte[] scratch = new byte[256];
        try {
            while (more.getAsBoolean()) {
                int n = body.read(scratch);
                if (n < 0 || (total += n) > MAX_TAIL) {
                    body.close();
                    return ENDED;
                }
            }
            return total;
        } catch (IOException e) {
            // interrupted or failed: the connection is closed with the body
            closeQuietly(body);
            return ENDED;
        }
    }

    /** Closes a body whose connection is not worth keeping (or is already gone). */
    static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection goes with it
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("upstream-tail-timer").factory());
        t.setRemoveOnCancelPolicy(true); // a tail that ended in time leaves nothing queued behind it
        return t;
    }
}
