package io.computebroker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Options and HTTP calls shared by {@code broker run} and {@code broker approve}: they talk to a running broker. */
final class RunClient {
    static final String KEY_ENV = "COMPUTE_BROKER_KEY";

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
            description = "the broker to talk to (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--key", paramLabel = "KEY", description = "a virtual key (default: the " + KEY_ENV + " environment variable)")
    String key;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A non-2xx answer, with the broker's error message. */
    static final class Failed extends RuntimeException {
        Failed(String message) { super(message); }
    }

    JsonNode get(String path) { return send(builder(path).GET()); }

    JsonNode post(String path, String body) {
        return send(builder(path).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder builder(String path) {
        String k = key != null ? key : System.getenv(KEY_ENV);
        if (k == null || k.isBlank()) throw new Failed("no key: pass --key or set " + KEY_ENV);
        return HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + k);
    }

    private JsonNode send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = res.body().isBlank() ? Json.object() : Json.parse(res.body());
            if (res.statusCode() / 100 != 2) {
                throw new Failed("HTTP " + res.statusCode() + ": " + body.path("error").path("message").asText(res.body()));
            }
            return body;
        } catch (IOException e) {
            throw new Failed("cannot reach " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }
}
