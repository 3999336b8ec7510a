package io.computebroker.server;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real gateway on an ephemeral port with the simulated test fleet and a fresh store, plus a key.
 * One per test class: start-up is ~100 ms, so tests stay independent without being slow.
 */
public final class TestGateway implements AutoCloseable {
    public final Gateway gateway;
    public final String key;
    public final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestGateway(Gateway gateway, String key) {
        this.gateway = gateway;
        this.key = key;
        this.baseUrl = "http://127.0.0.1:" + gateway.port();
    }

    public static TestGateway start() { return start("/test-fleet.yaml", "/test-policy.yaml"); }

    /** With an access log and/or a span exporter (observability tests). */
    public static TestGateway start(io.computebroker.observe.ObserveSettings observe) {
        return start("/test-fleet.yaml", "/test-policy.yaml", observe);
    }

    /** With another fleet and policy from the test resources (the policy is copied, so tests may rewrite and reload it). */
    public static TestGateway start(String fleetResource, String policyResource) {
        return start(fleetResource, policyResource, io.computebroker.observe.ObserveSettings.OFF);
    }

    public static TestGateway start(String fleetResource, String policyResource, io.computebroker.observe.ObserveSettings observe) {
        try {
            Path dir = Files.createTempDirectory("broker-test");
            BrokerConfig config = ConfigLoader.resource(fleetResource);
            Path policy = dir.resolve("policy.yaml");
            try (var in = TestGateway.class.getResourceAsStream(policyResource)) {
                Files.write(policy, in.readAllBytes());
            }
            config = config.withServer(config.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()));
            Gateway g = Gateway.start(config, new Secrets(Map.of(), null), observe);
            return new TestGateway(g, g.keys().create("acme", "test").secret());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw POST for tests that check exact status codes and bodies. */
    public HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        headers.forEach(b::header);
        return send(b.build());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> openAiAuth() { return Map.of("authorization", "Bearer " + key); }

    public Map<String, String> anthropicAuth() { return Map.of("x-api-key", key, "anthropic-version", "2023-06-01"); }

    @Override
    public void close() { gateway.close(); }
}
