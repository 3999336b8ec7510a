package io.computebroker.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends one demo item through the gateway over real HTTP, as an OpenAI or Anthropic client would. */
public final class DemoClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String key;

    public DemoClient(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    /** Returns the HTTP status; the body (or stream) is read to the end. */
    public int send(DemoWorkload.Item item) throws IOException, InterruptedException {
        boolean openAi = item.api() == DemoWorkload.Api.OPENAI;
        ObjectNode body = Json.object().put("model", item.model()).put("max_tokens", 300).put("stream", item.stream());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", item.prompt());
        if (item.tools()) tools(body, openAi);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + (openAi ? "/v1/chat/completions" : "/v1/messages")))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        item.headers().forEach(b::header);
        if (openAi) b.header("authorization", "Bearer " + key);
        else b.header("x-api-key", key).header("anthropic-version", "2023-06-01");
        HttpResponse<InputStream> res = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            in.transferTo(OutputSink.INSTANCE);
        }
        return res.statusCode();
    }

    private static void tools(ObjectNode body, boolean openAi) {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties").putObject("city").put("type", "string");
        schema.putArray("required").add("city");
        ArrayNode tools = body.putArray("tools");
        if (openAi) {
            ObjectNode f = tools.addObject().put("type", "function").putObject("function");
            f.put("name", "get_weather").put("description", "Current weather for a city");
            f.set("parameters", schema);
        } else {
            ObjectNode t = tools.addObject().put("name", "get_weather").put("description", "Current weather for a city");
            t.set("input_schema", schema);
        }
    }

    /** Discards bytes; the demo only needs the calls to complete. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();
        @Override public void write(int b) { }
        @Override public void write(byte[] b, int off, int len) { }
    }
}
