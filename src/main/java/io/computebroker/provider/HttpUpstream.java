package io.computebroker.provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP plumbing shared by the wire-format providers: pooled keep-alive connections per provider,
 * request timeouts, and upstream failures mapped to the broker's error kinds (429 passed through with
 * its Retry-After, timeouts to 504, everything else the provider did wrong to 502). Plain-http
 * upstreams (owned servers) go through {@link Http1Client} on the calling thread; https ones through
 * the JDK client.
 */
final class HttpUpstream {
    private final ProviderConfig config;
    private final Http1Client plain;
    private volatile HttpClient tls;

    HttpUpstream(ProviderConfig config) {
        this.config = config;
        this.plain = new Http1Client((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()));
    }

    String id() { return config.id(); }

    /** A POST about to be sent: URL, JSON body bytes, headers (config headers first, then the caller's). */
    static final class Request {
        final URI uri;
        final byte[] body;
        final Map<String, String> headers = new LinkedHashMap<>();

        private Request(URI uri, byte[] body) {
            this.uri = uri;
            this.body = body;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    /** An upstream answer with its body still streaming. */
    record Response(int status, Map<String, String> headers, InputStream body) {
        String header(String lowerCaseName) { return headers.get(lowerCaseName); }
    }

    Request post(String url, JsonNode body, Map<String, String> headers) {
        Request r = new Request(URI.create(url), Json.bytes(body));
        r.header("content-type", "application/json");
        config.headers().forEach(r::header);
        headers.forEach(r::header);
        io.computebroker.observe.Tracing.inject(r::header); // W3C traceparent of the attempt span, when tracing is on
        return r;
    }

    /** Sends and returns the response with a streaming body; non-2xx statuses become BrokerExceptions. */
    Response send(Request request, Function<JsonNode, String> errorMessage) {
        Response response;
        try {
            response = "http".equalsIgnoreCase(request.uri.getScheme())
                    ? fromPlain(plain.post(request.uri, request.headers, request.body, (int) Math.min(Integer.MAX_VALUE, config.timeoutMs())))
                    : sendTls(request);
        } catch (HttpTimeoutException | SocketTimeoutException e) {
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
        int status = response.status();
        if (status / 100 == 2) return response;
        String message = readError(response, errorMessage);
        ErrorKind kind = ErrorKind.forUpstreamStatus(status);
        String retryAfter = response.header("retry-after");
        throw new BrokerException(kind, "provider '" + config.id() + "' returned HTTP " + status
                + (message == null ? "" : ": " + message), null, kind == ErrorKind.RATE_LIMITED ? retryAfter : null, null);
    }

    private static Response fromPlain(Http1Client.Response r) {
        return new Response(r.status(), r.headers(), r.body());
    }

    private Response sendTls(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri)
                .timeout(Duration.ofMillis(config.timeoutMs()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body));
        request.headers.forEach(b::header);
        HttpResponse<InputStream> r = tlsClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        Map<String, String> headers = new java.util.HashMap<>();
        r.headers().map().forEach((k, v) -> { if (!v.isEmpty()) headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)); });
        return new Response(r.statusCode(), headers, r.body());
    }

    /** Built on first use: a provider that only talks plain http never starts the JDK client's selector thread. */
    private HttpClient tlsClient() {
        HttpClient c = tls;
        if (c == null) {
            synchronized (this) {
                if (tls == null) {
                    // HTTP/1.1: what every OpenAI-compatible server speaks; the JDK client pools and reuses connections.
                    tls = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                c = tls;
            }
        }
        return c;
    }

    private static String readError(Response response, Function<JsonNode, String> errorMessage) {
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

    /** Leaves the body open when the JSON value ends (by default the parser closes its source, and the connection with it). */
    private static final ObjectReader BODY_READER = Json.MAPPER.reader().without(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    /**
     * Parses a whole answer. The parser stops at the end of the JSON value, which in a chunked body comes
     * before the body's last chunk (Go servers such as Ollama chunk answers over 2 KB): that tail is read
     * after, by {@link StreamTail}, so the connection is kept instead of closed with an unread body.
     */
    JsonNode readJson(Response response) {
        InputStream in = response.body();
        JsonNode answer;
        try {
            answer = BODY_READER.readTree(in);
        } catch (IOException e) {
            StreamTail.closeQuietly(in);
            throw new BrokerException(ErrorKind.UPSTREAM, "provider '" + config.id() + "' sent an unreadable body: " + e.getMessage(), null, null, e);
        }
        StreamTail.finish(in);
        return answer;
    }

    /** Closes pooled connections. */
    void close() {
        plain.close();
        HttpClient c = tls;
        if (c != null) c.close();
    }
}
