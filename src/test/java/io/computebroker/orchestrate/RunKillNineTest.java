package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.identify.KeyStore;
import io.computebroker.provider.sim.SimulatedFleet;
import io.computebroker.server.Gateway;
import io.computebroker.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker process is killed with SIGKILL in the middle of a run (two tasks done, a third in flight at
 * the upstream). A new broker on the same store adopts the run once its leases expire, re-runs only the
 * task that was in flight, and finishes the run; the finished tasks are never sent upstream again.
 */
class RunKillNineTest {
    @TempDir Path dir;

    @Test
    void aRunSurvivesKillNineAndFinishesWithoutReExecutingFinishedTasks() throws Exception {
        Path script = dir.resolve("script.yaml");
        Files.writeString(script, """
                rules:
                  - match: "(?s)You are the planner.*GOAL-KILL"
                    reply: '{"tasks": [{"id": "t1", "instruction": "first part", "task_class": "qa", "acceptance": "ok"}, {"id": "t2", "instruction": "second part", "task_class": "qa", "acceptance": "ok"}, {"id": "t3", "instruction": "the long part [sim:slow]", "task_class": "qa", "depends_on": ["t1", "t2"], "acceptance": "ok"}, {"id": "t4", "instruction": "wrap up", "task_class": "qa", "depends_on": ["t3"], "acceptance": "ok"}]}'
                """);
        var fleetModels = ConfigLoaderYaml.parse("providers: [{id: sim, kind: simulated}]\n" + RunFixture.models(script)).models();
        try (SimulatedFleet fleet = SimulatedFleet.start(fleetModels)) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path data = Files.createDirectories(dir.resolve("data"));
            Files.writeString(data.resolve("agents.yaml"), "leaseSeconds: 1\nworkers: 4\n");
            Path cfg = dir.resolve("broker.yaml");
            Files.writeString(cfg, """
                    server: {host: 127.0.0.1, port: %d, dataDir: "%s", policyFile: "%s"}
                    ledger: {node: child}
                    providers: [{id: up, kind: openai-compatible, baseUrl: "%s/v1", keyRequired: false}]
                    models:
                      - {id: sim-owned, provider: up, upstream: sim-owned, boundary: owned, price: {input: 0.02, output: 0.08}, capabilities: [chat, tools, json]}
                      - {id: sim-frontier, provider: up, upstream: sim-frontier, boundary: frontier, price: {input: 5.0, output: 25.0}, capabilities: [chat, tools, json]}
                    """.formatted(port, data, RunFixture.policy(dir), fleet.baseUrl()));
            String key;
            try (Database db = Database.openSqlite(data)) {
                key = new KeyStore(db).create("acme", "k9").secret();
            }
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "io.computebroker.cli.BrokerCli", "serve", "--config", cfg.toString())
                    .redirectErrorStream(true).start();
            String runId;
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
                String line;
                while ((line = out.readLine()) != null && !line.contains("listening")) { /* wait for the broker */ }
                assertThat(line).as("child broker started").isNotNull();
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep the pipe drained

                String base = "http://127.0.0.1:" + port;
                var res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/runs"))
                        .header("authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(
                                "{\"goal\": \"GOAL-KILL\", \"budget_usd\": \"1.00\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
                runId = Json.parse(res.body()).get("id").asText();
                RunFixture.await(base, key, runId, r -> r.get("tasks").size() == 4
                        && RunFixture.task(r, "t3").get("state").asText().equals("running"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (upstreamCalls(fleet, "Task t3: the long part [sim:slow]\\nAcceptance") == 0 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(upstreamCalls(fleet, "Task t3: the long part [sim:slow]\\nAcceptance")).isEqualTo(1); // in flight: the simulated model takes 3 s
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no lease released
                child.waitFor(10, TimeUnit.SECONDS);
            }

            var config = ConfigLoaderYaml.parse(Files.readString(cfg).replace("port: " + port, "port: 0"));
            try (Gateway g = Gateway.start(config, new Secrets(Map.of(), null))) {
                JsonNode run = RunFixture.await("http://127.0.0.1:" + g.port(), key, runId, RunFixture::finished);
                assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
                assertThat(RunFixture.task(run, "t1").get("attempts").asInt()).isEqualTo(1);
                assertThat(RunFixture.task(run, "t2").get("attempts").asInt()).isEqualTo(1);
                assertThat(RunFixture.task(run, "t3").get("attempts").asInt()).isEqualTo(2);
                assertThat(RunFixture.task(run, "t4").get("state").asText()).isEqualTo("done");
                // What reached the upstream: the finished tasks once, the interrupted one twice, the plan once.
                assertThat(upstreamCalls(fleet, "Task t1: first part\\nAcceptance")).isEqualTo(1);
                assertThat(upstreamCalls(fleet, "Task t2: second part\\nAcceptance")).isEqualTo(1);
                assertThat(upstreamCalls(fleet, "Task t3: the long part [sim:slow]\\nAcceptance")).isEqualTo(2);
                assertThat(upstreamCalls(fleet, "You are the planner")).isEqualTo(1);
                assertThat(g.orchestrator().runs().calls(runId).stream().filter(c -> "t1".equals(c.taskId())).count()).isEqualTo(1);
            }
        }
    }

    /** Requests whose body holds {@code marker} (JSON-escaped: a task's own prompt, not a later echo of it). */
    private static long upstreamCalls(SimulatedFleet fleet, String marker) {
        return fleet.received().stream().filter(r -> r.text().contains(marker)).count();
    }
}
