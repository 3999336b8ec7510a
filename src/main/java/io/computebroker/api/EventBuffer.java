package io.computebroker.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of the events a stream has not sent yet, in one array reused for the life of the stream, so
 * that what the upstream delivered together leaves in one write. A relayed text chunk used to become a
 * {@code String}, then a {@code byte[]}, then a copy in the server's buffer (JFR allocation samples at
 * 1,000 streams); here a plain text chunk is encoded straight into this array. Not thread-safe.
 */
public final class EventBuffer {
    private byte[] bytes;
    private int size;

    public EventBuffer(int capacity) { bytes = new byte[capacity]; }

    public int size() { return size; }

    public void append(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    public void appendUtf8(String s) {
        if (!s.isEmpty()) append(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends {@code s} as the inside of a JSON string when it needs no escaping and no multi-byte UTF-8:
     * printable ASCII without quote or backslash. Returns false, having appended nothing, otherwise.
     */
    public boolean appendPlainAscii(String s) {
        int n = s.length();
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
        }
        ensure(n);
        s.getBytes(0, n, bytes, size); // ASCII: one byte per char, exactly what UTF-8 gives
        size += n;
        return true;
    }

    /** Drops what was appended after {@code mark} (an earlier {@link #size()}). */
    public void truncate(int mark) {
        if (mark < 0 || mark > size) throw new IllegalArgumentException("mark " + mark + " outside 0.." + size);
        size = mark;
    }

    /** Writes what is held to {@code out} in one call and empties the buffer. */
    public void writeTo(OutputStream out) throws IOException {
        if (size == 0) return;
        out.write(bytes, 0, size);
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
