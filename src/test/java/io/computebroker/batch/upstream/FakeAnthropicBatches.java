package io.computebroker.batch.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.computebroker.core.Json;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Anthropic's Message Batches API in front of a real Messages endpoint (a broker's {@code /v1/messages}):
 * creating a batch runs each request's params there and keeps the outcome as a result line
 * ({@code succeeded} with the message, or {@code errored} with the error response); the batch reads
 * {@code in_progress} on its first poll and {@code ended}, with a {@code results_url}, after that.
 */
final class FakeAnthropicBatches implements AutoCloseable {
    final List<JsonNode> created = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    private final Map<String, StringBuilder> results = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final String messagesUrl;
    private final String messagesKey;
    private final String expectedKey;
    private final HttpClient http = HttpClient.newHttpClient();

    FakeAnthropicBatches(String messagesUrl, String messagesKey, String expectedKey) throws IOException {
        this.messagesUrl = messagesUrl;
        this.messagesKey = messagesKey;
        this.expectedKey = expectedKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/messages/batches", this::handle);
        server.start();
    }

    String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!expectedKey.equals(ex.getRequestHeaders().getFirst("x-api-key"))
                    || !"2023-06-01".equals(ex.getRequestHeaders().getFirst("anthropic-version"))) {
                send(ex, 401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String rest = path.substring("/v1/messages/batches".length());
            String[] parts = rest.split("/"); // "/{id}[/results]" → "", id[, "results"]
            if (ex.getRequestMethod().equals("POST") && rest.isEmpty()) {
                JsonNode body = Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                created.add(body);
                String id = "msgbatch_" + created.size();
                StringBuilder lines = new StringBuilder();
                for (JsonNode r : body.get("requests")) lines.append(Json.write(run(r))).append('\n');
                results.put(id, lines);
                seen.put(id, new AtomicInteger());
                send(ex, 200, Json.write(batch(id, false)));
            } else if (parts.length == 2 && results.containsKey(parts[1])) {
                polls.incrementAndGet();
                send(ex, 200, Json.write(batch(parts[1], seen.get(parts[1]).getAndIncrement() > 0)));
            } else if (parts.length == 3 && parts[2].equals("results") && results.containsKey(parts[1])) {
                send(ex, 200, results.get(parts[1]).toString());
            } else {
                send(ex, 404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no such batch\"}}");
            }
        }
    }

    private ObjectNode run(JsonNode request) {
        ObjectNode line = Json.object().put("custom_id", request.get("custom_id").asText());
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(messagesUrl)).header("x-api-key", messagesKey)
                    .header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(request.get("params")))).build(), HttpResponse.BodyHandlers.ofString());
            ObjectNode result = line.putObject("result");
            if (res.statusCode() == 200) result.put("type", "succeeded").set("message", Json.parse(res.body()));
            else result.put("type", "errored").set("error", Json.parse(res.body()));
        } catch (IOException | InterruptedException e) {
            line.putObject("result").put("type", "expired");
        }
        return line;
    }

    private ObjectNode batch(String id, boolean ended) {
        ObjectNode b = Json.object().put("id", id).put("type", "message_batch").put("processing_status", ended ? "ended" : "in_progress");
        b.put("created_at", "2026-11-23T12:00:00Z");
        if (ended) b.put("results_url", baseUrl() + "/v1/messages/batches/" + id + "/results"); else b.putNull("results_url");
        return b;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() { server.stop(0); }
}
