package io.computebroker.provider;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A blocking HTTP/1.1 keep-alive client for plain-{@code http} upstreams (vLLM, Ollama, llama.cpp,
 * SGLang on the owned network or loopback). The calling (virtual) thread does the socket I/O itself:
 * no selector thread, no executor hand-offs, which the profile showed to be the largest share of the
 * gateway's own latency with the JDK client. Responses stream: the body is an InputStream over the
 * socket, and the connection returns to the pool only when that body was read to its end; closing it
 * early closes the connection (so an abandoned stream stops the upstream generating). TLS upstreams
 * keep using the JDK client.
 *
 * <p>Public only so that {@code broker bench floor} can measure the gateway's HTTP stack with this same client
 * and nothing else in front of it; the gateway reaches it through {@link HttpUpstream}.
 */
public final class Http1Client {
    /**
     * Idle connections kept per host:port; more than this are closed when returned. A burst of streams to one
     * model server returns as many connections at once: at 256, 1,000 concurrent streams reconnected 744
     * times per wave (connect, buffers, close) for the next burst.
     */
    private static final int MAX_IDLE_PER_HOST = 1024;
    /**
     * A pooled connection idle longer than this is not reused: under the 5 s after which uvicorn (vLLM,
     * SGLang) and Node close idle keep-alives, so the one-time resend of a request whose reused
     * connection turned out closed stays a rare event.
     */
    private static final long MAX_IDLE_NANOS = 4_000_000_000L;

    private final int connectTimeoutMs;
    private final long maxIdleNanos;
    private final Map<String, Pool> idle = new ConcurrentHashMap<>();

    /** One host:port's idle connections, most recently used first, and their count (a deque's size() walks it). */
    private static final class Pool {
        final ConcurrentLinkedDeque<Conn> conns = new ConcurrentLinkedDeque<>();
        final java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();

        Conn pollFirst() {
            Conn c = conns.pollFirst();
            if (c != null) size.decrementAndGet();
            return c;
        }
    }

    public Http1Client(int connectTimeoutMs) { this(connectTimeoutMs, MAX_IDLE_NANOS); }

    Http1Client(int connectTimeoutMs, long maxIdleNanos) {
        this.connectTimeoutMs = connectTimeoutMs;
        this.maxIdleNanos = maxIdleNanos;
    }

    /** A response whose body is still on the wire. */
    public record Response(int status, Map<String, String> headers, InputStream body) {}

    /**
     * Sends a POST and reads the status line and headers, no socket read taking longer than {@code
     * timeoutMs} (the same bound applies to each body read after; see {@link ReadDeadlines}). A pooled connection that turns out to be closed
     * by the server before any response byte is replaced by a fresh one, once.
     *
     * @throws java.net.ConnectException when the upstream refuses, {@link java.net.SocketTimeoutException} on timeouts
     */
    public Response post(URI uri, Map<String, String> headers, byte[] body, int timeoutMs) throws IOException {
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String key = host + ':' + port;
        byte[] head = head(uri, host, port, headers, body.length);
        Conn c = checkout(key);
        if (c != null) {
            try {
                return c.exchange(head, body, timeoutMs);
            } catch (StaleConnection stale) {
                c.close(); // most likely closed by the server while idle (as OkHttp and Apache HttpClient assume, it is sent once more)
            }
        }
        c = Conn.open(this, key, host, port, connectTimeoutMs);
        try {
            return c.exchange(head, body, timeoutMs);
        } catch (StaleConnection e) {
            throw new EOFException("upstream closed the connection before answering");
        }
    }

    private Conn checkout(String key) {
        Pool pool = idle.get(key);
        if (pool == null) return null;
        Conn c;
        long now = System.nanoTime();
        while ((c = pool.pollFirst()) != null) {
            if (now - c.idleSince < maxIdleNanos && !c.socket.isClosed()) return c;
            c.close();
        }
        return null;
    }

    private void release(Conn c) {
        Pool pool = idle.computeIfAbsent(c.key, k -> new Pool());
        long now = System.nanoTime();
        // The least recently used connection is last: when it has idled too long (its server has likely closed
        // it), close it now rather than hold its socket and buffer until the pool drains down to it.
        Conn oldest = pool.conns.pollLast();
        if (oldest != null) {
            if (now - oldest.idleSince >= maxIdleNanos || oldest.socket.isClosed()) {
                pool.size.decrementAndGet();
                oldest.close();
            } else {
                pool.conns.addLast(oldest);
            }
        }
        if (pool.size.get() >= MAX_IDLE_PER_HOST) {
            c.close();
            return;
        }
        c.idleSince = now;
        pool.size.incrementAndGet();
        pool.conns.addFirst(c);
    }

    /** Idle connections held for {@code host:port}, for tests. */
    int idle(String hostPort) {
        Pool pool = idle.get(hostPort);
        return pool == null ? 0 : pool.size.get();
    }

    void close() {
        idle.values().forEach(pool -> {
            Conn c;
            while ((c = pool.pollFirst()) != null) c.close();
        });
    }

    private static byte[] head(URI uri, String host, int port, Map<String, String> headers, int length) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
        StringBuilder sb = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host);
        if (port != 80) sb.append(':').append(port);
        sb.append("\r\nContent-Length: ").append(length).append("\r\n");
        headers.forEach((name, value) -> {
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) throw new IllegalArgumentException("header " + name + " has a line break");
            sb.append(name).append(": ").append(value).append("\r\n");
        });
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The connection ended before the status line on a reused connection: safe to send again on a new one. */
    private static final class StaleConnection extends IOException {
        StaleConnection(Throwable cause) { super("stale pooled connection", cause); }
    }

    private static final class Conn implements ReadDeadlines.Watched {
        final Http1Client owner;
        final String key;
        final Socket socket;
        final PeekInput in;
        final OutputStream out;
        long idleSince;
        boolean used;
        /** The bound on each socket read (and on sending the request) of the current exchange. */
        private long timeoutNanos;
        private volatile long deadline;
        private volatile boolean timedOut;

        private Conn(Http1Client owner, String key, Socket socket) throws IOException {
            this.owner = owner;
            this.key = key;
            this.socket = socket;
            // No SO_TIMEOUT: ReadDeadlines bounds the reads (a timed read costs a timer per call).
            this.in = new PeekInput(new TimedInput(this, socket.getInputStream()));
            // Unbuffered: a request leaves in one write (see exchange), and a pooled connection per in-flight
            // stream would otherwise hold a 16 KiB buffer it used once (the streams scenario's old-generation
            // growth and full GCs at 1,000 streams).
            this.out = socket.getOutputStream();
            ReadDeadlines.arm(this);
        }

        @Override
        public long deadline() { return deadline; }

        @Override
        public void expire() {
            timedOut = true;
            close();
        }

        void startClock() {
            long d = System.nanoTime() + timeoutNanos;
            deadline = d == 0 ? 1 : d; // 0 means "not reading"
        }

        void stopClock() { deadline = 0; }

        /** What a socket failure becomes: a timeout when the watchdog closed the socket for one. */
        IOException failure(IOException e) {
            if (!timedOut || e instanceof java.net.SocketTimeoutException) return e;
            var t = new java.net.SocketTimeoutException("upstream sent nothing for " + timeoutNanos / 1_000_000 + " ms");
            t.initCause(e);
            return t;
        }

        static Conn open(Http1Client owner, String key, String host, int port, int connectTimeoutMs) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
                return new Conn(owner, key, s);
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        Response exchange(byte[] head, byte[] body, int timeoutMs) throws IOException {
            boolean reused = used;
            used = true;
            int status;
            try {
                timeoutNanos = timeoutMs * 1_000_000L;
                startClock();
                try {
                    if (head.length + body.length <= 64 * 1024) {
                        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
                        System.arraycopy(body, 0, all, head.length, body.length);
                        out.write(all);
                    } else {
                        out.write(head);
                        out.write(body);
                    }
                } catch (IOException e) {
                    throw failure(e);
                } finally {
                    stopClock();
                }
                String statusLine = line();
                if (statusLine == null) throw new EOFException("upstream closed the connection before answering");
                if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x response: " + abbreviate(statusLine));
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (java.net.SocketTimeoutException e) {
                close();
                throw e;
            } catch (IOException e) {
                if (reused) throw new StaleConnection(e);
                close();
                throw e;
            }
            try {
                Map<String, String> headers = new HashMap<>();
                String h;
                while ((h = line()) != null && !h.isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon > 0) headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), h.substring(colon + 1).trim());
                }
                if (h == null) throw new EOFException("upstream closed the connection inside the headers");
                boolean keepAlive = !"close".equalsIgnoreCase(headers.get("connection"));
                InputStream bodyStream;
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    bodyStream = new ChunkedBody(this, keepAlive);
                } else if (headers.containsKey("content-length")) {
                    bodyStream = new LengthBody(this, Long.parseLong(headers.get("content-length")), keepAlive);
                } else if (status == 204 || status == 304) {
                    bodyStream = new LengthBody(this, 0, keepAlive);
                } else {
                    bodyStream = new LengthBody(this, Long.MAX_VALUE, false); // until the server closes
                }
                return new Response(status, headers, bodyStream);
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof IOException io ? io : new IOException("malformed upstream response: " + e.getMessage(), e);
            }
        }

        /** The body was read to its end: the connection can carry the next request. */
        void finished(boolean keepAlive) {
            if (keepAlive && !socket.isClosed()) owner.release(this);
            else close();
        }

        private final StringBuilder lineBuf = new StringBuilder(128);

        String line() throws IOException {
            lineBuf.setLength(0);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int len = lineBuf.length();
                    if (len > 0 && lineBuf.charAt(len - 1) == '\r') lineBuf.setLength(len - 1);
                    return lineBuf.toString();
                }
                if (lineBuf.length() > 64 * 1024) throw new IOException("upstream header line too long");
                lineBuf.append((char) b);
            }
            return lineBuf.isEmpty() ? null : lineBuf.toString();
        }

        void close() {
            ReadDeadlines.disarm(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private static String abbreviate(String s) { return s.length() > 80 ? s.substring(0, 80) + "…" : s; }
    }

    /** A response body that can tell whether its next read would be served from memory. */
    public interface Buffered {
        /** True when the next read returns without touching the socket (bytes buffered, or the body ended). */
        boolean ready();
    }

    /** The buffered socket input, with a look at what it holds. */
    private static final class PeekInput extends BufferedInputStream {
        /**
         * 2 KiB holds a response head; larger reads of a body (Jackson's 8,000 bytes) bypass the buffer. A
         * connection opened for a burst of streams lives in the young generation with its buffer, which every
         * young collection during the burst copies.
         */
        PeekInput(InputStream in) { super(in, 2 * 1024); }

        /** Bytes buffered and not yet read. */
        int buffered() { return count - pos; }

        /** Bytes buffered after the next line's LF; -1 when no whole line is buffered. */
        int afterLine() {
            for (int i = pos; i < count; i++) if (buf[i] == '\n') return count - i - 1;
            return -1;
        }
    }

    /** The socket's input with each read bounded by the exchange's timeout (see {@link ReadDeadlines}). */
    private static final class TimedInput extends java.io.FilterInputStream {
        private final Conn c;

        TimedInput(Conn c, InputStream socketIn) {
            super(socketIn);
            this.c = c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            c.startClock();
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw c.failure(e);
            } finally {
                c.stopClock();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    /**
     * A response body on a pooled connection: reading it to its end returns the connection to the pool;
     * closing it early closes the connection (its unread bytes would corrupt the next exchange).
     */
    private abstract static class Body extends InputStream implements Buffered {
        final Conn c;
        boolean done;

        Body(Conn c) { this.c = c; }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                c.close();
            }
        }
    }

    /** A Content-Length body (or, with Long.MAX_VALUE, one that ends when the server closes). */
    private static final class LengthBody extends Body {
        private long left;
        private final boolean keepAlive;

        LengthBody(Conn c, long length, boolean keepAlive) {
            super(c);
            this.left = length;
            this.keepAlive = keepAlive;
            if (length == 0) finish();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (len == 0) return 0;
            int n = c.in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                if (left != Long.MAX_VALUE) throw new EOFException("upstream closed the connection inside the body");
                finish();
                return -1;
            }
            if (left != Long.MAX_VALUE) {
                left -= n;
                if (left == 0) finish();
            }
            return n;
        }

        private void finish() {
            done = true;
            c.finished(keepAlive && left == 0);
        }

        @Override
        public boolean ready() { return done || c.in.buffered() > 0; }
    }

    /** A chunked body; trailers are read and dropped. */
    private static final class ChunkedBody extends Body {
        private final boolean keepAlive;
        private long chunkLeft;

        ChunkedBody(Conn c, boolean keepAlive) {
            super(c);
            this.keepAlive = keepAlive;
        }

        /** Between chunks a read needs the whole size line and some of the data after it. */
        @Override
        public boolean ready() {
            if (done) return true;
            return chunkLeft > 0 ? c.in.buffered() > 0 : c.in.afterLine() > 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (len == 0) return 0;
            if (chunkLeft == 0) {
                String size = c.line();
                if (size == null) throw new EOFException("upstream closed the connection inside a chunked body");
                int semi = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size from upstream: " + size, e);
                }
                if (chunkLeft == 0) {
                    String t;
                    while ((t = c.line()) != null && !t.isEmpty()) { /* trailers */ }
                    done = true;
                    c.finished(keepAlive && t != null);
                    return -1;
                }
            }
            int n = c.in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) throw new EOFException("upstream closed the connection inside a chunk");
            chunkLeft -= n;
            if (chunkLeft == 0 && c.line() == null) throw new EOFException("upstream closed the connection after a chunk");
            return n;
        }
    }
}
