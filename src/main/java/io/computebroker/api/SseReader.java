package io.computebroker.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events from an upstream body as they arrive (no buffering beyond one event),
 * per the WHATWG event-stream rules: lines end in LF, CRLF or CR; {@code event:}/{@code data:} fields,
 * comment lines starting with ':' ignored, an event dispatched at each blank line.
 *
 * <p>Works on bytes and decodes only the field values it keeps: a stream relays one small event every
 * few milliseconds per caller, and a char reader on top cost two 8 K buffers per stream and a copy of
 * every line (JFR allocation samples at 500 concurrent streams). UTF-8 never encodes another character
 * with the bytes of CR or LF, so lines can be split before decoding.
 */
public final class SseReader implements AutoCloseable {
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final Runnable beforeRead;
    /**
     * Small on purpose: a relayed event is a few hundred bytes, and this buffer lives as long as its stream,
     * so at 1,000 streams it is part of what every young collection copies (4 KiB was 4 MB of them).
     */
    private final byte[] buf = new byte[1024];
    private int pos;
    private int limit;
    /** The last line ended in CR: an LF that follows belongs to it. */
    private boolean skipLf;
    private byte[] line = new byte[256];
    private int lineLen;

    public SseReader(InputStream body) {
        this(body, () -> { });
    }

    /**
     * @param beforeRead runs before every read of {@code body} (each time the events already read are used
     *                   up): the relay flushes there, so what it holds back never waits on the network
     */
    public SseReader(InputStream body, Runnable beforeRead) {
        this.in = body;
        this.beforeRead = beforeRead;
    }

    /** The next event, or null at end of stream. */
    public SseEvent next() throws IOException {
        String event = null;
        String data = null;
        StringBuilder more = null;
        while (readLine()) {
            if (lineLen == 0) {
                if (data != null) return new SseEvent(event, more == null ? data : more.toString());
                event = null;
                continue;
            }
            if (line[0] == ':') continue;
            int colon = indexOfColon();
            int fieldLen = colon < 0 ? lineLen : colon;
            int from = colon < 0 ? lineLen : colon + 1;
            if (from < lineLen && line[from] == ' ') from++;
            if (is(EVENT, fieldLen)) {
                event = value(from);
            } else if (is(DATA, fieldLen)) {
                String value = value(from);
                if (data == null) {
                    data = value;
                } else {
                    if (more == null) more = new StringBuilder(data);
                    more.append('\n').append(value);
                }
            }
            // id:, retry: and unknown fields carry nothing we need
        }
        return data != null ? new SseEvent(event, more == null ? data : more.toString()) : null;
    }

    /** Reads one line into {@link #line}, without its terminator; false at end of stream with nothing read. */
    private boolean readLine() throws IOException {
        lineLen = 0;
        while (true) {
            if (pos == limit) {
                beforeRead.run();
                int n = in.read(buf, 0, buf.length);
                if (n < 0) return lineLen > 0;
                pos = 0;
                limit = n;
                continue;
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit && buf[pos] != '\n' && buf[pos] != '\r') pos++;
            if (pos > start) append(start, pos - start);
            if (pos < limit) {
                skipLf = buf[pos++] == '\r';
                return true;
            }
        }
    }

    private void append(int from, int n) {
        if (lineLen + n > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        System.arraycopy(buf, from, line, lineLen, n);
        lineLen += n;
    }

    private int indexOfColon() {
        for (int i = 0; i < lineLen; i++) if (line[i] == ':') return i;
        return -1;
    }

    private boolean is(byte[] name, int fieldLen) {
        return fieldLen == name.length && Arrays.equals(line, 0, fieldLen, name, 0, fieldLen);
    }

    private String value(int from) {
        return new String(line, from, lineLen - from, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException { in.close(); }
}
