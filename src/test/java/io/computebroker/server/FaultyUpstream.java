package io.computebroker.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately bad OpenAI-compatible upstream on a raw socket, so failures look exactly as they do on
 * the wire: connection resets, 500s, a server that never answers, and a stream that stalls then dies.
 */
final class FaultyUpstream implements AutoCloseable {
    enum Mode { RESET, ERROR_500, HANG, STREAM_THEN_DIE, OK }

    private final ServerSocket server;
    volatile Mode mode = Mode.OK;
    final AtomicInteger requests = new AtomicInteger();
    /** Every request's header lines, lower-cased names (tracing tests read traceparent here). */
    final java.util.Queue<java.util.List<String>> headers = new java.util.concurrent.ConcurrentLinkedQueue<>();

    FaultyUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() { return server.getLocalPort(); }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> handle(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            int length = 0;
            String line;
            java.util.List<String> seen = new java.util.ArrayList<>();
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                seen.add(line.toLowerCase());
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
            }
            headers.add(seen);
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) break;
                read += n;
            }
            requests.incrementAndGet();
            OutputStream out = s.getOutputStream();
            switch (mode) {
                case RESET -> s.setSoLinger(true, 0); // close() now sends RST
                case ERROR_500 -> write(out, "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 38\r\n\r\n"
                        + "{\"error\":{\"message\":\"engine crashed\"}}");
                case HANG -> Thread.sleep(5_000);
                case STREAM_THEN_DIE -> {
                    write(out, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n"
                            + "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"partial \"}}]}\n\n");
                    Thread.sleep(300);
                    s.setSoLinger(true, 0);
                }
                case OK -> {
                    String json = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                            + "{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
                    write(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + json.length() + "\r\n\r\n" + json);
                }
            }
        } catch (IOException | InterruptedException | NumberFormatException ignored) {
            // the point of this server is to misbehave
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException { server.close(); }
}
