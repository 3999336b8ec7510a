package io.computebroker.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The streams scenario's load generator: {@code n} connections opened beforehand, stream i started at
 * i × ramp / n, and every response read by one thread over a selector, each read's events stamped as it
 * returns. A virtual thread blocked per stream cost a wake-up per event (50,000 a second at 1,000
 * streams), which on two shared cores made the harness, not the server under test, stall streams.
 */
final class StreamLoad {
    private StreamLoad() {}

    /** Give up on streams still open this long after the last one started. */
    private static final long GRACE_NANOS = 120_000_000_000L;

    static Load.StreamOutcome run(Load.Target t, int n, Duration ramp, long stallNanos) {
        Samples ttft = new Samples();
        Samples total = new Samples();
        Samples gaps = new Samples();
        int ok = 0, stalled = 0, failed = 0, active = 0, peak = 0, finished = 0;
        List<StreamCall> calls = new ArrayList<>(n);
        try (Selector selector = Selector.open()) {
            InetSocketAddress address = new InetSocketAddress(t.host(), t.port());
            for (int i = 0; i < n; i++) calls.add(StreamCall.connect(address, selector));
            long t0 = System.nanoTime() + 50_000_000L;
            long step = ramp.toNanos() / Math.max(1, n);
            long deadline = t0 + ramp.toNanos() + GRACE_NANOS;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            int next = 0;
            while (finished < n) {
                long now = System.nanoTime();
                if (now > deadline) break;
                while (next < n && t0 + next * step <= now) {
                    StreamCall c = calls.get(next++);
                    if (c.begin(t.request())) peak = Math.max(peak, ++active);
                    else finished++; // could not connect or send: counted failed below
                }
                // Starts due within the next millisecond wait for it (starts land on whole milliseconds, which the
                // TTFT, timed from each actual send, does not see); spinning on selectNow() would cost a core.
                long waitNanos = next < n ? t0 + next * step - System.nanoTime() : 100_000_000L;
                selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
                for (SelectionKey k : selector.selectedKeys()) {
                    StreamCall c = (StreamCall) k.attachment();
                    if (c.read(buf)) {
                        active--;
                        finished++;
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the stream load generator's selector failed", e);
        }
        for (StreamCall c : calls) {
            c.close();
            WireClient.Result r = c.result();
            if (r == null || !r.ok() || r.events() == 0) {
                failed++;
                continue;
            }
            ok++;
            ttft.add(r.ttftNanos());
            total.add(r.totalNanos());
            gaps.add(r.maxGapNanos());
            if (r.maxGapNanos() > stallNanos) stalled++;
        }
        return new Load.StreamOutcome(ttft, total, gaps, n, ok, stalled, failed, peak);
    }

    /** One stream's connection and its response, parsed as bytes arrive (HTTP/1.1, chunked or not). */
    static final class StreamCall {
        private enum State { IDLE, HEAD, SIZE, DATA, DATA_END, TRAILER, LENGTH_BODY, CLOSE_BODY, DONE, FAILED }

        private final SocketChannel ch;
        private SelectionKey key;
        private State state = State.IDLE;
        private long start;
        private EventClock clock;
        private byte[] head = new byte[512];
        private int headLen;
        private int status;
        private long left;
        private int lineLen;
        private WireClient.Result result;

        private StreamCall(SocketChannel ch) { this.ch = ch; }

        /** A connected call, or one without a connection (counted failed) when the server refused. */
        static StreamCall connect(InetSocketAddress address, Selector selector) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(address);
                ch.configureBlocking(false);
                StreamCall c = new StreamCall(ch);
                c.key = ch.register(selector, 0, c);
                return c;
            } catch (IOException e) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // never opened
                    }
                }
                return new StreamCall(null);
            }
        }

        /** Sends the request; false when the connection is unusable. */
        boolean begin(byte[] request) {
            if (ch == null) return false;
            try {
                start = System.nanoTime();
                clock = new EventClock(start);
                ByteBuffer b = ByteBuffer.wrap(request);
                // A request is far smaller than a fresh loopback socket's send buffer; the loop is a guard.
                while (b.hasRemaining()) if (ch.write(b) == 0) Thread.onSpinWait();
                state = State.HEAD;
                key.interestOps(SelectionKey.OP_READ);
                return true;
            } catch (IOException e) {
                fail();
                return false;
            }
        }

        /** Reads what arrived; true when this read finished the call (either way). */
        boolean read(ByteBuffer buf) {
            try {
                while (true) {
                    buf.clear();
                    int r = ch.read(buf);
                    if (r < 0) {
                        if (state == State.CLOSE_BODY) finish(true);
                        else fail();
                        return true;
                    }
                    if (r == 0) return false;
                    if (feed(buf.array(), 0, r)) return true;
                    if (r < buf.capacity()) return false;
                }
            } catch (IOException e) {
                fail();
                return true;
            }
        }

        private boolean feed(byte[] b, int off, int len) {
            int i = off, end = off + len;
            while (i < end) {
                switch (state) {
                    case HEAD -> i = head(b, i, end);
                    case SIZE -> {
                        for (; i < end && state == State.SIZE; i++) sizeByte(b[i]);
                    }
                    case DATA -> {
                        int n = (int) Math.min(left, end - i);
                        clock.bytes(b, i, n);
                        i += n;
                        left -= n;
                        if (left == 0) state = State.DATA_END;
                    }
                    case DATA_END -> {
                        if (b[i++] == '\n') state = State.SIZE;
                    }
                    case TRAILER -> {
                        byte c = b[i++];
                        if (c == '\n') {
                            if (lineLen == 0) return finish(true);
                            lineLen = 0;
                        } else if (c != '\r') {
                            lineLen++;
                        }
                    }
                    case LENGTH_BODY -> {
                        int n = (int) Math.min(left, end - i);
                        clock.bytes(b, i, n);
                        i += n;
                        left -= n;
                        if (left == 0) return finish(true);
                    }
                    case CLOSE_BODY -> {
                        clock.bytes(b, i, end - i);
                        i = end;
                    }
                    default -> {
                        return true; // bytes after the end of the response: ignored
                    }
                }
            }
            if (state == State.LENGTH_BODY && left == 0) return finish(true);
            return false;
        }

        /** Accumulates the status line and headers; on the blank line, picks the body's framing. */
        private int head(byte[] b, int i, int end) {
            while (i < end) {
                if (headLen == head.length) head = java.util.Arrays.copyOf(head, head.length * 2);
                head[headLen++] = b[i++];
                if (headLen >= 4 && head[headLen - 1] == '\n' && head[headLen - 2] == '\r' && head[headLen - 3] == '\n' && head[headLen - 4] == '\r') {
                    String text = new String(head, 0, headLen, java.nio.charset.StandardCharsets.US_ASCII);
                    status = Integer.parseInt(text.substring(9, 12));
                    String lower = text.toLowerCase(java.util.Locale.ROOT);
                    int cl = lower.indexOf("\r\ncontent-length:");
                    if (lower.contains("\r\ntransfer-encoding: chunked")) {
                        state = State.SIZE;
                        left = 0;
                        lineLen = 0;
                    } else if (cl >= 0) {
                        int from = cl + "\r\ncontent-length:".length();
                        left = Long.parseLong(lower.substring(from, lower.indexOf('\r', from)).trim());
                        state = State.LENGTH_BODY;
                    } else {
                        state = State.CLOSE_BODY;
                    }
                    return i;
                }
            }
            return i;
        }

        /** One byte of a chunk-size line: hex digits, then an optional extension, then CRLF. */
        private void sizeByte(byte c) {
            if (c == '\n') {
                if (lineLen < 0) lineLen = 0;
                if (left == 0) {
                    state = State.TRAILER;
                    lineLen = 0;
                } else {
                    state = State.DATA;
                }
                return;
            }
            if (lineLen < 0 || c == '\r') return; // inside an extension, or the CR
            int d = Character.digit(c, 16);
            if (d >= 0) left = left * 16 + d;
            else lineLen = -1; // ';' starts an extension: ignore the rest of the line
        }

        private boolean finish(boolean ok) {
            long totalNanos = System.nanoTime() - start;
            result = new WireClient.Result(status, totalNanos, clock.firstNanos, clock.maxGapNanos, clock.count, ok && clock.complete());
            state = State.DONE;
            close();
            return true;
        }

        private void fail() {
            if (state == State.DONE || state == State.FAILED) return;
            result = new WireClient.Result(0, start == 0 ? 0 : System.nanoTime() - start, -1, 0, 0, false);
            state = State.FAILED;
            close();
        }

        WireClient.Result result() { return result; }

        void close() {
            if (ch == null) return;
            if (key != null) key.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
