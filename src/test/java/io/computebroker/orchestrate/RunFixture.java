package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.server.Gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A real gateway over a scripted simulated fleet (an owned and a frontier model that both answer from
 * {@code script.yaml}), with the test routing policy and an {@code agents.yaml}; plus HTTP helpers.
 */
final class RunFixture implements AutoCloseable {
    final Path dir;
    final Gateway gateway;
    final String key;
    final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunFixture(Path dir, Gateway gateway, String key) {
        this.dir = dir;
        this.gateway = gateway;
        this.key = key;
        this.baseUrl = "http://127.0.0.1:" + gateway.port();
    }

    /** The models block for a fleet whose two simulated models answer from {@code script}. */
    static String models(Path script) {
        return """
                models:
                  - id: sim-owned
                    provider: sim
                    boundary: owned
                    price: { input: 0.02, output: 0.08 }
                    capabilities: [chat, tools, json]
                    simulation: { format: openai, latencyMs: 0, tokensPerSecond: 100000, script: "%s" }
                  - id: sim-frontier
                    provider: sim
                    boundary: frontier
                    price: { input: 5.00, output: 25.00 }
                    capabilities: [chat, tools, json]
                    simulation: { format: anthropic, latencyMs: 0, tokensPerSecond: 100000, script: "%s" }
                """.formatted(script, script);
    }

    static Path policy(Path dir) throws IOException {
        Path policy = dir.resolve("policy.yaml");
        try (var in = RunFixture.class.getResourceAsStream("/test-policy.yaml")) {
            Files.write(policy, in.readAllBytes());
        }
        return policy;
    }

    static RunFixture start(String script, String agents) { return start(script, agents, null, null); }

    /** With {@code storeUrl} (postgres://…) several fixtures share one store; {@code key} reuses a key made by another. */
    static RunFixture start(String script, String agents, String storeUrl, String key) {
        try {
            Path dir = Files.createTempDirectory("broker-runs");
            Path data = Files.createDirectories(dir.resolve("data"));
            Path scriptFile = dir.resolve("script.yaml");
            Files.writeString(scriptFile, script);
            Files.writeString(data.resolve("agents.yaml"), agents.replace("${SANDBOX}", Files.createDirectories(dir.resolve("sandbox")).toString()));
            BrokerConfig config = ConfigLoaderYaml.parse("""
                    server: {host: 127.0.0.1, port: 0, dataDir: "%s", policyFile: "%s"}
                    providers: [{id: sim, kind: simulated}]
                    """.formatted(data, policy(dir)) + (storeUrl == null ? "" : "ledger: {store: \"" + storeUrl + "\"}\n") + models(scriptFile));
            Gateway g = Gateway.start(config, new Secrets(Map.of(), null));
            return new RunFixture(dir, g, key != null ? key : g.keys().create("acme", "runner").secret());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("authorization", "Bearer " + key)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("authorization", "Bearer " + key).GET().build());
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST /v1/runs; returns the run id. */
    String startRun(String body) {
        HttpResponse<String> res = post("/v1/runs", body);
        if (res.statusCode() != 201) throw new AssertionError("POST /v1/runs: " + res.statusCode() + " " + res.body());
        return Json.parse(res.body()).get("id").asText();
    }

    JsonNode run(String id) { return Json.parse(get("/v1/runs/" + id).body()); }

    /** Polls GET /v1/runs/{id} until {@code until} holds (bounded by a generous timeout, not by speed). */
    JsonNode await(String id, Predicate<JsonNode> until) { return await(baseUrl, key, id, until); }

    static JsonNode await(String baseUrl, String key, String id, Predicate<JsonNode> until) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                var res = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/runs/" + id)).header("authorization", "Bearer " + key)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                last = Json.parse(res.body());
                if (until.test(last)) return last;
                Thread.sleep(50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + id + " never reached the expected state; last: " + last);
    }

    static boolean finished(JsonNode run) {
        return RunState.parse(run.get("state").asText()).terminal();
    }

    /** The task with this id anywhere in the run's tree. */
    static JsonNode task(JsonNode run, String id) {
        JsonNode found = find(run.get("tasks"), id);
        if (found == null) throw new AssertionError("no task " + id + " in " + run);
        return found;
    }

    private static JsonNode find(JsonNode list, String id) {
        if (list == null) return null;
        for (JsonNode t : list) {
            if (t.get("id").asText().equals(id)) return t;
            JsonNode sub = find(t.get("subtasks"), id);
            if (sub != null) return sub;
        }
        return null;
    }

    @Override
    public void close() { gateway.close(); }
}
