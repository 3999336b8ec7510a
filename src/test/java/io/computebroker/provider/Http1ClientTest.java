package io.computebroker.provider;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain-http upstream client against scripted servers: framing, keep-alive, stale connections, timeouts. */
class Http1ClientTest {
    /** Serves each connection with {@code handler}; counts connections. */
    static final class Server implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0);
        final AtomicInteger connections = new AtomicInteger();

        interface Handler { void serve(Socket s, BufferedReader in, OutputStream out) throws IOException; }

        Server(Handler handler) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                handler.serve(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)),
                                        s.getOutputStream());
                            } catch (IOException ignored) {
                                // client went away
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        URI uri() { return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions?x=1"); }

        @Override
        public void close() throws IOException { socket.close(); }
    }

    /** Reads one request (head + Content-Length body); returns its request line, or null at end of stream. */
    static String readRequest(BufferedReader in) throws IOException {
        String requestLine = in.readLine();
        if (requestLine == null) return null;
        int length = 0;
        String h;
        while ((h = in.readLine()) != null && !h.isEmpty()) {
            if (h.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
        }
        for (int i = 0; i < length; i++) in.read();
        return requestLine;
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    final Http1Client client = new Http1Client(2_000);
    final byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void contentLengthAndChunkedBodiesOnOneKeptAliveConnection() throws Exception {
        try (Server server = new Server((s, in, out) -> {
            String line;
            int n = 0;
            while ((line = readRequest(in)) != null) {
                assertThat(line).isEqualTo("POST /v1/chat/completions?x=1 HTTP/1.1");
                if (n++ % 2 == 0) write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Thing: a\r\n\r\nhello");
                else write(out, "HTTP/1.1 429 Too Many\r\nTransfer-Encoding: chunked\r\nRetry-After: 7\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n");
            }
        })) {
            for (int i = 0; i < 3; i++) {
                Http1Client.Response a = client.post(server.uri(), Map.of("content-type", "application/json"), body, 2_000);
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.headers()).containsEntry("x-thing", "a");
                assertThat(new String(a.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
                Http1Client.Response b = client.post(server.uri(), Map.of(), body, 2_000);
                assertThat(b.status()).isEqualTo(429);
                assertThat(b.headers()).containsEntry("retry-after", "7");
                assertThat(new String(b.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abcde");
            }
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionIdleTooLongIsClosedWhenAnotherIsReturned() throws Exception {
        Http1Client pool = new Http1Client(2_000, 50_000_000L);
        java.util.concurrent.CountDownLatch answerSlow = new java.util.concurrent.CountDownLatch(1);
        try (Server server = new Server((s, in, out) -> {
            String line;
            while ((line = readRequest(in)) != null) {
                if (line.contains("slow")) {
                    try {
                        answerSlow.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        })) {
            String hostPort = "127.0.0.1:" + server.socket.getLocalPort();
            Thread slow = Thread.ofVirtual().start(() -> {
                try {
                    Http1Client.Response r = pool.post(java.net.URI.create("http://" + hostPort + "/slow"), Map.of(), body, 5_000);
                    r.body().readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (server.connections.get() < 1) Thread.onSpinWait(); // the slow call holds the first connection
            Http1Client.Response fast = pool.post(server.uri(), Map.of(), body, 2_000);
            fast.body().readAllBytes();
            assertThat(pool.idle(hostPort)).isEqualTo(1);
            Thread.sleep(120); // the fast call's connection is now past the idle limit
            answerSlow.countDown();
            slow.join();
            // Returning the slow call's connection closed the stale one instead of keeping both.
            assertThat(pool.idle(hostPort)).isEqualTo(1);
            assertThat(server.connections.get()).isEqualTo(2);
            pool.close();
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplaced() throws Exception {
        try (Server server = new Server((s, in, out) -> {
            if (readRequest(in) != null) write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            // then close without saying so
        })) {
            for (int i = 0; i < 3; i++) {
                Http1Client.Response r = client.post(server.uri(), Map.of(), body, 2_000);
                assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
                Thread.sleep(50); // let the server's close arrive before the next call
            }
            assertThat(server.connections.get()).isEqualTo(3);
        }
    }

    @Test
    void aBodyClosedEarlyClosesTheConnection() throws Exception {
        AtomicInteger sawEof = new AtomicInteger();
        try (Server server = new Server((s, in, out) -> {
            while (readRequest(in) != null) {
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            }
            sawEof.incrementAndGet();
        })) {
            Http1Client.Response r = client.post(server.uri(), Map.of(), body, 2_000);
            byte[] five = r.body().readNBytes(5);
            assertThat(new String(five, StandardCharsets.UTF_8)).isEqualTo("first");
            r.body().close();
            Http1Client.Response again = client.post(server.uri(), Map.of(), body, 2_000);
            assertThat(new String(again.body().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");
            again.body().close();
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void silenceBeyondTheTimeoutIsATimeout() throws Exception {
        try (Server server = new Server((s, in, out) -> {
            readRequest(in);
            in.read(); // never answers
        })) {
            assertThatThrownBy(() -> client.post(server.uri(), Map.of(), body, 200)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aBodyThatStallsTimesOutAndIsNotReused() throws Exception {
        try (Server server = new Server((s, in, out) -> {
            readRequest(in);
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf");
            in.read(); // the other half never comes
        })) {
            Http1Client.Response r = client.post(server.uri(), Map.of(), body, 300);
            assertThat(r.status()).isEqualTo(200);
            byte[] first = r.body().readNBytes(4);
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("half");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> r.body().read()).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("300 ms");
            // Fired by the watchdog: not before the bound, and within a few of its ticks after it.
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 5_000L);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aSlowButSteadyBodyIsNotATimeout() throws Exception {
        try (Server server = new Server((s, in, out) -> {
            readRequest(in);
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n");
            for (int i = 0; i < 6; i++) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
                write(out, "x");
            }
            in.read();
        })) {
            // Each read waits 150 ms, the whole body ~900 ms: the bound is per read, as SO_TIMEOUT was.
            Http1Client.Response r = client.post(server.uri(), Map.of(), body, 400);
            assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("xxxxxx");
        }
    }

    @Test
    void refusedIsAConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + port + "/x"), Map.of(), body, 200))
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void headerValuesCannotInjectLines() {
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:1/x"), Map.of("x-a", "b\r\nx-evil: 1"), body, 200))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
