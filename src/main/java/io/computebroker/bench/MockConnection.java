package io.computebroker.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One client connection of the {@link MockUpstream}, driven by its loop's thread only: reads requests
 * (keep-alive, Content-Length bodies), answers after the profile's latency, and paces a stream's chunks
 * by re-arming its single timer. A request that arrives while a stream is still being paced waits until
 * that stream ends, as HTTP/1.1 requires.
 */
final class MockConnection {
    private static final byte[] STREAM_TRUE = MockUpstream.ascii("\"stream\":true");
    private static final byte[] STREAM_TRUE_SPACED = MockUpstream.ascii("\"stream\": true");
    private static final byte[] CONTENT_LENGTH = MockUpstream.ascii("content-length:");
    private static final byte[] CONNECTION_CLOSE = MockUpstream.ascii("connection: close");

    private final MockUpstream.Loop loop;
    private final MockUpstream mock;
    private final SocketChannel ch;
    private final MockUpstream.Outbox outbox = new MockUpstream.Outbox();
    SelectionKey key;

    private byte[] in = new byte[8192];
    private int inLen;
    private boolean closed;
    private boolean closeAfter;
    /** Close once the outbox is written (after an answer to a request that asked for it). */
    private boolean closeWhenDrained;

    // The answer in progress: -2 none, -1 a plain answer waiting out its latency, 0..chunks a stream's next event.
    private int step = -2;
    private boolean anthropic;
    private boolean stream;
    private int promptTokens;
    private MockUpstream.Profile profile;
    private long t0;

    MockConnection(MockUpstream.Loop loop, SocketChannel ch) {
        this.loop = loop;
        this.mock = loop.mock();
        this.ch = ch;
    }

    void read() throws IOException {
        while (true) {
            if (inLen == in.length) in = Arrays.copyOf(in, in.length * 2);
            int n = ch.read(ByteBuffer.wrap(in, inLen, in.length - inLen));
            if (n < 0) {
                close();
                return;
            }
            if (n == 0) break;
            inLen += n;
            if (inLen < in.length) break; // the socket had no more for now
        }
        parse();
    }

    /** Takes the next complete request from the input, if no answer is in progress. */
    private void parse() throws IOException {
        if (step != -2 || closed) return;
        int headEnd = indexOf(in, inLen, (byte) '\r', (byte) '\n', (byte) '\r', (byte) '\n');
        if (headEnd < 0) return;
        int bodyFrom = headEnd + 4;
        long length = contentLength(bodyFrom);
        if (length < 0 && !startsWith(in, "POST ")) length = 0; // a GET and the like: answered 404 below
        if (length < 0) {
            answerAndClose("411 Length Required");
            return;
        }
        if (inLen < bodyFrom + length) return;
        int bodyTo = (int) (bodyFrom + length);
        anthropic = startsWith(in, "POST /v1/messages");
        boolean chat = anthropic || startsWith(in, "POST /v1/chat/completions");
        if (!chat) {
            answerAndClose("404 Not Found");
            return;
        }
        stream = MockUpstream.contains(in, bodyFrom, bodyTo, STREAM_TRUE) || MockUpstream.contains(in, bodyFrom, bodyTo, STREAM_TRUE_SPACED);
        closeAfter = containsIgnoreCase(in, 0, headEnd, CONNECTION_CLOSE);
        promptTokens = Math.max(1, (int) length / 4);
        profile = mock.profile();
        System.arraycopy(in, bodyTo, in, 0, inLen - bodyTo);
        inLen -= bodyTo;
        mock.countServed();
        t0 = System.nanoTime() + profile.latencyMs() * 1_000_000L;
        step = stream ? 0 : -1;
        if (profile.latencyMs() > 0) loop.schedule(this, t0);
        else fire();
    }

    /** The timer's (or an immediate) turn: a plain answer, or the stream's next event. */
    void fire() throws IOException {
        if (closed) return;
        if (step == -1) {
            byte[] body = anthropic ? MockAnswers.anthropicMessage(promptTokens, profile.completionTokens())
                    : MockAnswers.openAiCompletion(promptTokens, profile.completionTokens());
            send(MockAnswers.JSON_HEAD, MockUpstream.ascii(body.length + "\r\n\r\n"), body);
            answered();
            return;
        }
        byte[] head = step == 0 ? MockAnswers.SSE_HEAD : null;
        byte[] start = step == 0 ? MockAnswers.streamStart(anthropic, promptTokens) : null;
        byte[] event = step < profile.chunks() ? MockAnswers.streamChunk(anthropic, step)
                : MockAnswers.streamEnd(anthropic, promptTokens, profile.chunks());
        if (head == null) send(event);
        else if (start == null) send(head, event);
        else send(head, start, event);
        if (step < profile.chunks()) next();
        else answered();
    }

    /** Absolute schedule: event i leaves at t0 + i × interval, whatever the previous write cost. */
    private void next() throws IOException {
        step++;
        if (step >= profile.chunks()) {
            // The closing events follow the last content chunk at once.
            fire();
            return;
        }
        loop.schedule(this, t0 + step * profile.intervalMs() * 1_000_000L);
    }

    private void answered() throws IOException {
        step = -2;
        if (closeAfter) {
            closeWhenFlushed();
            return;
        }
        parse();
    }

    private void answerAndClose(String status) throws IOException {
        send(MockUpstream.ascii("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        closeWhenFlushed();
    }

    private void closeWhenFlushed() {
        if (outbox.isEmpty()) close();
        else closeWhenDrained = true;
    }

    private void send(byte[]... parts) throws IOException {
        if (outbox.isEmpty()) {
            ByteBuffer[] bufs = new ByteBuffer[parts.length];
            for (int i = 0; i < parts.length; i++) bufs[i] = ByteBuffer.wrap(parts[i]);
            ch.write(bufs);
            for (ByteBuffer b : bufs) if (b.hasRemaining()) outbox.add(b);
            if (!outbox.isEmpty()) key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            for (byte[] p : parts) outbox.add(ByteBuffer.wrap(p));
        }
    }

    void flush() throws IOException {
        if (outbox.drain(ch)) {
            key.interestOps(SelectionKey.OP_READ);
            if (closeWhenDrained) close();
        }
    }

    void close() {
        if (closed) return;
        closed = true; // a timer still queued for this connection finds it closed and does nothing
        if (key != null) key.cancel();
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private long contentLength(int headEnd) {
        int from = 0;
        while (true) {
            int at = indexOfIgnoreCase(in, from, headEnd, CONTENT_LENGTH);
            if (at < 0) return -1;
            if (at == 0 || in[at - 1] != '\n') {
                from = at + 1;
                continue;
            }
            long v = 0;
            int i = at + CONTENT_LENGTH.length;
            while (i < headEnd && in[i] == ' ') i++;
            while (i < headEnd && in[i] >= '0' && in[i] <= '9') v = v * 10 + (in[i++] - '0');
            return v;
        }
    }

    private static int indexOf(byte[] a, int len, byte... needle) {
        outer:
        for (int i = 0; i <= len - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (a[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static int indexOfIgnoreCase(byte[] a, int from, int to, byte[] lowerNeedle) {
        outer:
        for (int i = from; i <= to - lowerNeedle.length; i++) {
            for (int j = 0; j < lowerNeedle.length; j++) {
                int b = a[i + j];
                if (b >= 'A' && b <= 'Z') b += 32;
                if (b != lowerNeedle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static boolean containsIgnoreCase(byte[] a, int from, int to, byte[] lowerNeedle) {
        return indexOfIgnoreCase(a, from, to, lowerNeedle) >= 0;
    }

    private static boolean startsWith(byte[] a, String prefix) {
        if (a.length < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (a[i] != prefix.charAt(i)) return false;
        return true;
    }
}
