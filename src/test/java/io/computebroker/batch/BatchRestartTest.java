package io.computebroker.batch;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.server.Gateway;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability: deferred work queued on one run of the broker, including an item the process was in
 * the middle of when it stopped, is finished by the next run on the same store.
 */
class BatchRestartTest {
    @Test
    void queuedAndInterruptedItemsResumeAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("broker-batch-restart");
        Path policy = dir.resolve("policy.yaml");
        try (var in = BatchRestartTest.class.getResourceAsStream("/batch-policy.yaml")) {
            Files.write(policy, in.readAllBytes());
        }
        BrokerConfig base = ConfigLoader.resource("/batch-fleet.yaml");
        BrokerConfig config = base.withServer(base.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()));
        HttpClient http = HttpClient.newHttpClient();
        String key;
        List<String> batchIds = new ArrayList<>();
        try (Gateway first = Gateway.start(config, new Secrets(Map.of(), null))) {
            key = first.keys().create("acme", "t").secret();
            var busy = first.capacity().tryAcquire("gpu"); // owned capacity is busy for this whole run
            assertThat(busy).isNotNull();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + key).header("x-broker-batch", "true").header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"max_tokens\":30,\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"Summarise item " + i + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).isEqualTo(202);
                batchIds.add(Json.parse(res.body()).get("id").asText());
            }
            assertThat(first.drainer().tick()).isZero();
            // The process "was running" one item when it stopped: leased to this node for ten minutes.
            String item = itemOf(first, batchIds.get(0));
            long now = System.currentTimeMillis();
            assertThat(new BatchStore(first.database()).queue().claim(item, first.ledger().node(), now, now + 600_000)).isTrue();
            first.drainer().close(); // stop draining before the GPU idles, as a process that has ended would
            busy.close();
        }
        try (Gateway second = Gateway.start(config, new Secrets(Map.of(), null))) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (String id : batchIds) {
                while (true) {
                    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.port() + "/v1/batches/" + id))
                            .header("authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(res.statusCode()).isEqualTo(200);
                    if (Json.parse(res.body()).get("status").asText().equals("completed")) {
                        assertThat(Json.parse(res.body()).at("/request_counts/completed").asInt()).isEqualTo(1);
                        break;
                    }
                    if (System.nanoTime() > deadline) throw new AssertionError("batch " + id + " did not complete after the restart: " + res.body());
                    Thread.sleep(20);
                }
            }
        }
    }

    /**
     * Two nodes on one PostgreSQL store: node A leases an item and dies with it; node B, which never
     * held it, runs it once the lease has run out. Items nobody held are B's at once.
     */
    @Test
    void anotherNodeTakesOverADeadNodesItemsWhenTheirLeaseRunsOut() throws Exception {
        String pg = io.computebroker.store.TestStores.freshPostgresUrl();
        HttpClient http = HttpClient.newHttpClient();
        BrokerConfig nodeA = config("node-a", pg, 1_000);
        BrokerConfig nodeB = config("node-b", pg, 1_000);
        String key;
        String batchId;
        String item;
        try (Gateway a = Gateway.start(nodeA, new Secrets(Map.of(), null))) {
            key = a.keys().create("acme", "t").secret();
            a.drainer().close(); // node A takes no work of its own in this test
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + "/v1/chat/completions"))
                    .header("authorization", "Bearer " + key).header("x-broker-batch", "true").header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"max_tokens\":30,\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Summarise the handover.\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(202);
            batchId = Json.parse(res.body()).get("id").asText();
            item = itemOf(a, batchId);
            long now = System.currentTimeMillis();
            assertThat(new BatchStore(a.database()).queue().claim(item, "node-a", now, now + 1_000)).isTrue();
        }
        try (Gateway b = Gateway.start(nodeB, new Secrets(Map.of(), null))) {
            assertThat(b.keys().principal(b.keys().list().get(0).id())).isPresent();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (true) {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/v1/batches/" + batchId))
                        .header("authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (Json.parse(res.body()).get("status").asText().equals("completed")) break;
                if (System.nanoTime() > deadline) throw new AssertionError("node B never took over: " + res.body());
                Thread.sleep(20);
            }
            b.ledger().flush(java.time.Duration.ofSeconds(5));
            String ranOn = b.database().with(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT l.node FROM ledger l JOIN batch_items i ON l.id = i.request_id"
                        + " WHERE i.id = ?")) {
                    ps.setString(1, item);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            assertThat(ranOn).isEqualTo("node-b");
        }
    }

    private static BrokerConfig config(String node, String store, long leaseMs) throws java.io.IOException {
        Path dir = Files.createTempDirectory("broker-batch-" + node);
        Path policy = dir.resolve("policy.yaml");
        try (var in = BatchRestartTest.class.getResourceAsStream("/batch-policy.yaml")) {
            Files.writeString(policy, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("maxInFlight: 4", "maxInFlight: 4, leaseMs: " + leaseMs));
        }
        BrokerConfig base = ConfigLoader.resource("/batch-fleet.yaml");
        return base.withServer(base.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()))
                .withLedger(base.ledger().withStore(store).withNode(node));
    }

    private static String itemOf(Gateway g, String batchId) {
        return g.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM batch_items WHERE batch_id = ?")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
