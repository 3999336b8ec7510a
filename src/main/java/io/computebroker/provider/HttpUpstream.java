package io.computebroker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP plumbing shared by the wire-format providers: one pooled keep-alive client per provider,
 * request timeouts, and upstream failures mapped to the broker's error kinds (429 passed through with
 * its Retry-After, timeouts to 504, everything else the provider did wrong to 502).
 */
final class HttpUpstream {
    private final ProviderConfig config;
    private final HttpClient client;

    HttpUpstream(ProviderConfig config) {
        this.config = config;
        // HTTP/1.1: vLLM, Ollama and llama.cpp speak it; the JDK client pools and reuses the connections.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    String id() { return config.id(); }

    HttpRequest.Builder post(String url, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMillis(config.timeoutMs()))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body).getBytes(StandardCharsets.UTF_8)));
        config.headers().forEach(b::header);
        headers.forEach(b::header);
        io.computebroker.observe.Tracing.inject(b::header); // W3C traceparent of the attempt span, when tracing is on
        return b;
    }

    /** Sends and returns the response with a streaming body; non-2xx statuses become BrokerExceptions. */
    HttpResponse<InputStream> send(HttpRequest request, Function<JsonNode, String> errorMessage) {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new BrokerException(ErrorKind.UPSTREAM_TIMEOUT, "provider '" + config.id() + "' did not answer within "
                    + config.timeoutMs() + " ms", null, null, e);
        } catch (ConnectException e) {
            throw new BrokerException(ErrorKind.UPSTREAM, "cannot connect to provider '" + config.id() + "'", null, null, e);
        } catch (IOException e) {
            throw new BrokerException(ErrorKind.UPSTREAM, "provider '" + config.id() + "' connection failed: " + e.getMessage(), null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(ErrorKind.UNAVAILABLE, "interrupted while calling provider '" + config.id() + "'", null, null, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) return response;
        String message = readError(response, errorMessage);
        ErrorKind kind = ErrorKind.forUpstreamStatus(status);
        String retryAfter = response.headers().firstValue("retry-after").orElse(null);
        throw new BrokerException(kind, "provider '" + config.id() + "' returned HTTP " + status
                + (message == null ? "" : ": " + message), null, kind == ErrorKind.RATE_LIMITED ? retryAfter : null, null);
    }

    private static String readError(HttpResponse<InputStream> response, Function<JsonNode, String> errorMessage) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            if (bytes.length == 0) return null;
            try {
                return errorMessage.apply(Json.MAPPER.readTree(bytes));
            } catch (IOException notJson) {
                String text = new String(bytes, StandardCharsets.UTF_8).strip();
                return text.length() > 300 ? text.substring(0, 300) + "…" : text;
            }
        } catch (IOException e) {
            return null;
        }
    }

    JsonNode readJson(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new BrokerException(ErrorKind.UPSTREAM, "provider '" + config.id() + "' sent an unreadable body: " + e.getMessage(), null, null, e);
        }
    }
}
