package io.computebroker.bench;

import java.nio.charset.StandardCharsets;

/**
 * Times the server-sent events of a response body as its bytes arrive: an event ends at a blank line
 * (CR ignored), stamped when the read that delivered it returned. Keeps the last bytes, to tell a stream
 * that ended properly ({@code [DONE]}, {@code message_stop}) from one cut short or ended by an error.
 */
final class EventClock {
    final long start;
    long firstNanos = -1;
    long maxGapNanos;
    int count;
    private long lastNanos = -1;
    private int prev = -1;
    private final byte[] tail = new byte[96];
    private int tailLen;

    EventClock(long start) { this.start = start; }

    /** Bytes {@code [off, off + len)} of the body, just read. */
    void bytes(byte[] buf, int off, int len) {
        long now = -1;
        for (int i = off; i < off + len; i++) {
            int b = buf[i];
            if (b == '\n' && prev == '\n') {
                if (now < 0) now = System.nanoTime() - start;
                if (firstNanos < 0) firstNanos = now;
                else maxGapNanos = Math.max(maxGapNanos, now - lastNanos);
                lastNanos = now;
                count++;
            }
            if (b != '\r') prev = b;
        }
        keepTail(buf, off, len);
    }

    private void keepTail(byte[] buf, int off, int len) {
        if (len >= tail.length) {
            System.arraycopy(buf, off + len - tail.length, tail, 0, tail.length);
            tailLen = tail.length;
        } else {
            int keep = Math.min(tailLen, tail.length - len);
            System.arraycopy(tail, tailLen - keep, tail, 0, keep);
            System.arraycopy(buf, off, tail, keep, len);
            tailLen = keep + len;
        }
    }

    /** A body with no events is complete; a stream must end with its format's terminator. */
    boolean complete() {
        if (count == 0) return true;
        String t = new String(tail, 0, tailLen, StandardCharsets.US_ASCII);
        return t.contains("[DONE]") || t.contains("message_stop");
    }
}
