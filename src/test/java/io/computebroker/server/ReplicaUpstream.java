package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One OpenAI-compatible "vLLM replica" on a raw socket: answers every chat completion (JSON or SSE) and
 * records the system text of each request it served, so a test can see which replica got which prefix.
 * {@code failing} makes it answer 500, to check that failed calls give their replica slot back.
 */
final class ReplicaUpstream implements AutoCloseable {
    private final ServerSocket server;
    final List<String> systems = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    ReplicaUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String baseUrl() { return "http://127.0.0.1:" + server.getLocalPort() + "/v1"; }

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
            InputStream in = new BufferedInputStream(s.getInputStream());
            int length = 0;
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
            }
            JsonNode body = Json.MAPPER.readTree(in.readNBytes(length));
            systems.add(body.path("messages").path(0).path("content").asText());
            OutputStream out = s.getOutputStream();
            if (failing) {
                String json = "{\"error\":{\"message\":\"engine crashed\"}}";
                write(out, "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: "
                        + json.length() + "\r\n\r\n" + json);
            } else if (body.path("stream").asBoolean()) {
                write(out, "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n"
                        + "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"fine\"}}]}\n\n"
                        + "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: [DONE]\n\n");
            } else {
                String json = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
                write(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: "
                        + json.length() + "\r\n\r\n" + json);
            }
        } catch (IOException | RuntimeException ignored) {
            // a test upstream: a broken request just ends the connection
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') if (b != '\r') line.write(b);
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException { server.close(); }
}
