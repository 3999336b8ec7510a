package io.computebroker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.server.Gateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The batch lane on a simulated fleet, through the real HTTP API: a batch drained by idle owned GPUs,
 * then the same batch with the GPUs busy and every deadline near, so it takes the half-price batch route.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Batch lane drain rate and cost: owned GPUs idle, then busy (discounted batch route).")
final class BatchBenchCommand implements Callable<Integer> {
    @Option(names = "--items", defaultValue = "1000") int items;
    @Option(names = "--gpu-slots", defaultValue = "4", description = "owned maxConcurrency (default: ${DEFAULT-VALUE})") int slots;
    @Option(names = "--store", description = "postgres://… (default: SQLite in a temp dir)") String store;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("broker-bench-batch");
        Path policy = dir.resolve("policy.yaml");
        String policyText = """
                defaults:
                  qualityFloor: {default: 0.7}
                  batch: {idleBelow: 1.0, deadlineMarginMs: 0, pollMs: 200, maxInFlight: 16}
                quality: {gpu-model: {default: 0.8}, cloud-model: {default: 0.95}}
                """;
        Files.writeString(policy, policyText);
        var base = ConfigLoaderYaml.parse("""
                server: {host: 127.0.0.1, port: 0}
                providers:
                  - {id: gpu, kind: simulated, maxConcurrency: %d}
                  - {id: cloud, kind: simulated, batchDiscount: 0.5}
                models:
                  - {id: gpu-model, provider: gpu, boundary: owned, price: {input: 0.02, output: 0.08},
                     simulation: {format: openai, latencyMs: 20, tokensPerSecond: 2000}}
                  - {id: cloud-model, provider: cloud, boundary: frontier, price: {input: 1.00, output: 4.00},
                     simulation: {format: openai, latencyMs: 20, tokensPerSecond: 2000}}
                """.formatted(slots));
        var config = base.withServer(base.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()))
                .withLedger(base.ledger().withStore(store).withNode("bench"));
        try (Gateway g = Gateway.start(config, new Secrets(Map.of(), null))) {
            String key = g.keys().create("bench", "bench").secret();
            HttpClient http = HttpClient.newHttpClient();
            run("owned GPUs idle", g, http, key);
            List<io.computebroker.capacity.Capacity.Permit> held = new ArrayList<>();
            for (int i = 0; i < slots; i++) held.add(g.capacity().tryAcquire("gpu"));
            Files.writeString(policy, policyText.replace("deadlineMarginMs: 0", "deadlineMarginMs: 172800000"));
            g.policies().reload();
            run("owned GPUs busy, deadline near", g, http, key);
            held.forEach(io.computebroker.capacity.Capacity.Permit::close);
        }
        return 0;
    }

    private void run(String label, Gateway g, HttpClient http, String key) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < items; i++) {
            jsonl.append("{\"custom_id\":\"c").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":")
                    .append("{\"model\":\"auto\",\"max_tokens\":60,\"messages\":[{\"role\":\"user\",\"content\":\"Summarise ticket ")
                    .append(i).append(": the customer asks for a refund of an order that arrived late.\"}]}}\n");
        }
        String base = "http://127.0.0.1:" + g.port();
        long t0 = System.nanoTime();
        String form = "--b0undary\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + jsonl + "\r\n--b0undary--\r\n";
        JsonNode file = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/files")).header("authorization", "Bearer " + key)
                .header("content-type", "multipart/form-data; boundary=b0undary").POST(HttpRequest.BodyPublishers.ofString(form)));
        JsonNode batch = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/batches")).header("authorization", "Bearer " + key)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"input_file_id\":\"" + file.get("id").asText() + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}")));
        long t1 = System.nanoTime();
        JsonNode now;
        do {
            Thread.sleep(50);
            now = send(http, HttpRequest.newBuilder(URI.create(base + "/v1/batches/" + batch.get("id").asText()))
                    .header("authorization", "Bearer " + key).GET());
        } while (!now.get("status").asText().equals("completed"));
        double seconds = (System.nanoTime() - t1) / 1e9;
        JsonNode b = now.get("broker");
        System.out.printf(Locale.ROOT, "%s: %,d items queued in %.0f ms, drained in %.2f s = %,.0f items/s; %d completed, routes %s;"
                        + " billed $%s, synchronous route $%s, saved $%s%n", label, items, (t1 - t0) / 1e6, seconds, items / seconds,
                now.at("/request_counts/completed").asInt(), b.get("routes"), b.get("cost_usd").asText(), b.get("sync_cost_usd").asText(),
                b.get("saved_usd").asText());
    }

    private static JsonNode send(HttpClient http, HttpRequest.Builder r) throws Exception {
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException(res.statusCode() + " " + res.body());
        return Json.parse(res.body());
    }
}
