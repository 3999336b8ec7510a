package io.computebroker.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for the load generator: one blocking socket per worker (a platform
 * or virtual thread, see {@code Load.workers}), pre-rendered request bytes, and a response reader that understands
 * Content-Length and chunked bodies and timestamps every server-sent event as it arrives. It costs a
 * fraction of the JDK client's CPU per request, which matters when client, gateway and mock share two
 * cores; it is deliberately not a general-purpose client (no redirects, no TLS, no pipelining).
 */
final class WireClient implements AutoCloseable {
    /** One call's outcome. Times are System.nanoTime() deltas from the request write. */
    record Result(int status, long totalNanos, long ttftNanos, long maxGapNanos, int events, boolean complete) {
        boolean ok() { return status == 200 && complete; }
    }

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    WireClient(String host, int port) { this.address = new InetSocketAddress(host, port); }

    /** Opens the connection now (so a later call's latency does not include the TCP handshake). */
    void connect() throws IOException {
        if (socket != null) return;
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 5_000);
        s.setSoTimeout(60_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    /**
     * Sends a pre-rendered request and reads the whole response. Failures (refused, reset, timeout)
     * return status 0 and drop the connection, so the next call reconnects.
     */
    Result call(byte[] request) {
        return call(request, System.nanoTime());
    }

    /** As {@link #call(byte[])} with latencies measured from {@code startNanos} (open-loop: the intended send time). */
    Result call(byte[] request, long startNanos) {
        try {
            connect();
            out.write(request);
            out.flush();
            return read(startNanos);
        } catch (IOException | RuntimeException e) {
            close();
            return new Result(0, System.nanoTime() - startNanos, -1, 0, 0, false);
        }
    }

    private Result read(long start) throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new IOException("connection closed before the status line");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) length = Long.parseLong(value);
            else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
            else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) closeAfter = true;
        }
        EventClock events = new EventClock(start);
        if (chunked) {
            while (true) {
                String sizeLine = line();
                if (sizeLine == null) throw new IOException("connection closed inside a chunked body");
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while ((h = line()) != null && !h.isEmpty()) { /* trailers */ }
                    break;
                }
                consume(events, size);
                line(); // CRLF after the chunk
            }
        } else if (length >= 0) {
            consume(events, length);
        } else {
            closeAfter = true;
            consume(events, Long.MAX_VALUE);
        }
        if (closeAfter) close();
        long total = System.nanoTime() - start;
        boolean complete = events.complete();
        return new Result(status, total, events.firstNanos, events.maxGapNanos, events.count, complete);
    }

    private final byte[] bodyBuf = new byte[8192];

    /** Reads {@code n} body bytes (to end of stream when {@code n} is Long.MAX_VALUE) through the event clock. */
    private void consume(EventClock events, long n) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(bodyBuf, 0, (int) Math.min(bodyBuf.length, left));
            if (r < 0) {
                if (n == Long.MAX_VALUE) return;
                throw new IOException("connection closed inside the body");
            }
            left -= r;
            events.bytes(bodyBuf, 0, r);
        }
    }

    private final StringBuilder lineBuf = new StringBuilder(128);

    /** One CRLF- (or LF-) terminated header line, without the terminator; null at end of stream. */
    private String line() throws IOException {
        lineBuf.setLength(0);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = lineBuf.length();
                if (len > 0 && lineBuf.charAt(len - 1) == '\r') lineBuf.setLength(len - 1);
                return lineBuf.toString();
            }
            lineBuf.append((char) b);
        }
        return lineBuf.isEmpty() ? null : lineBuf.toString();
    }

    /** Renders a POST with a JSON body once; the same bytes are sent for every call. */
    static byte[] post(String host, int port, String path, String authorization, String body, String... extraHeaders) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':')
                .append(port).append("\r\nContent-Type: application/json\r\nContent-Length: ").append(b.length).append("\r\n");
        if (authorization != null) sb.append("Authorization: Bearer ").append(authorization).append("\r\n");
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) sb.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        return all;
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
        socket = null;
        in = null;
        out = null;
    }
}
