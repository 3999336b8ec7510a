package io.computebroker.ledger;

import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Secrets;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 2, for real: a broker process is killed with SIGKILL while streams are in flight. After a
 * restart on the same data directory, every request that reached the upstream has a ledger row, and the
 * unsettled ones are billed at their reserved worst case and flagged.
 */
class KillNineTest {
    @TempDir Path dir;

    @Test
    void everyRequestThatReachedAnUpstreamHasARowAfterKillNineAndRestart() throws Exception {
        var slow = ConfigLoaderYaml.parse("""
                providers: [{id: s, kind: simulated}]
                models: [{id: slow-upstream, provider: s, boundary: owned, simulation: {format: openai, tokensPerSecond: 15}}]
                """).models();
        try (SimulatedFleet fleet = SimulatedFleet.start(slow)) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path cfg = dir.resolve("broker.yaml");
            Files.writeString(cfg, """
                    server: {host: 127.0.0.1, port: %d, dataDir: "%s"}
                    ledger: {node: child}
                    providers: [{id: up, kind: openai-compatible, baseUrl: "%s/v1", keyRequired: false}]
                    models: [{id: slow, provider: up, upstream: slow-upstream, boundary: owned, price: {input: 1.0, output: 2.0}, defaultMaxTokens: 1000}]
                    """.formatted(port, dir.resolve("data"), fleet.baseUrl()));
            String key;
            try (Database db = Database.openSqlite(dir.resolve("data"))) {
                key = new KeyStore(db).create("acme", "k9").secret();
            }
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "io.computebroker.cli.BrokerCli", "serve", "--config", cfg.toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
                String line;
                while ((line = out.readLine()) != null && !line.contains("listening")) { /* wait for the broker */ }
                assertThat(line).as("child broker started").isNotNull();

                HttpClient http = HttpClient.newHttpClient();
                String body = "{\"model\":\"slow\",\"stream\":true,\"max_tokens\":400,\"messages\":[{\"role\":\"user\",\"content\":\"write a long essay\"}]}";
                for (int i = 0; i < 5; i++) {
                    http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                            .header("authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (fleet.received().size() < 5 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(fleet.received()).hasSize(5);
                Thread.sleep(200);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                child.waitFor(10, TimeUnit.SECONDS);
            }

            // Restart on the same data directory: the journal is replayed, unsettled rows are recovered.
            var config = ConfigLoaderYaml.parse(Files.readString(cfg).replace("port: " + port, "port: 0"));
            try (Gateway g = Gateway.start(config, new Secrets(Map.of(), null))) {
                assertThat(g.ledger().flush(Duration.ofSeconds(5))).isTrue();
                List<Map<String, Object>> rows = g.database().with(c -> {
                    var list = new java.util.ArrayList<Map<String, Object>>();
                    try (var rs = c.createStatement().executeQuery("SELECT state, cost_nusd, reserved_nusd, status FROM ledger")) {
                        while (rs.next()) list.add(Map.of("state", rs.getString(1), "cost", rs.getLong(2), "reserved", rs.getLong(3),
                                "status", String.valueOf(rs.getString(4))));
                    }
                    return list;
                });
                assertThat(rows).hasSize(fleet.received().size());
                ModelConfig m = config.models().get(0);
                // The reservation covers the whole max_tokens budget, so it is above the cost of the output alone.
                long outputOnly = Nusd.of(io.computebroker.config.Price.cost(400, m.price().output()));
                assertThat(rows).allSatisfy(r -> {
                    assertThat(r.get("state")).isEqualTo("recovered");
                    assertThat(r.get("status")).isEqualTo("unsettled");
                    assertThat((Long) r.get("cost")).isEqualTo((Long) r.get("reserved")).isGreaterThan(outputOnly);
                });
            }
        }
    }
}
