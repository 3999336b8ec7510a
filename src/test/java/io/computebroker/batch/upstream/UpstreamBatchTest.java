package io.computebroker.batch.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.capacity.Capacity;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.ProviderConfig;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.server.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch lane's upstream path against a real OpenAI Batch API: the upstream is a second broker with
 * its own simulated fleet (the broker implements the Files and Batches endpoints), reached over HTTP
 * with its own key. The front broker has one owned GPU slot and a provider "openai" with
 * {@code batchApi: true} whose cloud-model is the upstream's up-model. The upstream's up-model has a
 * 200-token context window, so a long prompt fails there (and only there): a failed upstream line.
 */
class UpstreamBatchTest {
    static Gateway upstream;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startUpstream() throws IOException {
        Path dir = Files.createTempDirectory("broker-upstream");
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, """
                server: {host: 127.0.0.1, port: 0, maxBodyBytes: 1048576}
                providers:
                  - {id: sim, kind: simulated, timeoutMs: 10000}
                models:
                  - id: up-model
                    provider: sim
                    boundary: frontier
                    contextWindow: 200
                    price: { input: 1.00, output: 4.00 }
                    capabilities: [chat, json]
                    simulation: { format: openai, latencyMs: 0, tokensPerSecond: 100000 }
                """);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, policy(0, 50, 1000, "  up-model: {default: 0.95}"));
        BrokerConfig c = ConfigLoader.load(fleet);
        upstream = Gateway.start(c.withServer(c.server().withDataDir(dir.toString()).withPolicyFile(policy.toString())),
                new Secrets(Map.of(), null));
    }

    @AfterAll
    static void stop() { upstream.close(); }

    static String policy(long marginMs, long upstreamPollMs, long pollMs, String quality) {
        return "defaults:\n  qualityFloor: {default: 0.7}\n  complexityWeight: 0.0\n  queueTimeoutMs: 100\n"
                + "  batch: {idleBelow: 0.5, deadlineMarginMs: " + marginMs + ", pollMs: " + pollMs + ", maxInFlight: 4, upstreamPollMs: "
                + upstreamPollMs + "}\nquality:\n" + quality + "\n";
    }

    /** A front broker on {@code dir} whose provider "openai" is the upstream broker, under a key of its own. */
    static Gateway front(Path dir, String upstreamKey, long marginMs, long upstreamPollMs) throws IOException {
        return front(dir, null, upstreamKey, marginMs, upstreamPollMs);
    }

    /** @param store null: SQLite in {@code dir}; else a PostgreSQL URL */
    static Gateway front(Path dir, String store, String upstreamKey, long marginMs, long upstreamPollMs) throws IOException {
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, """
                server: {host: 127.0.0.1, port: 0, maxBodyBytes: 1048576}
                providers:
                  - {id: gpu, kind: simulated, maxConcurrency: 1, timeoutMs: 10000}
                  - id: openai
                    kind: openai-compatible
                    baseUrl: http://127.0.0.1:%d/v1
                    apiKeyEnv: UPSTREAM_KEY
                    timeoutMs: 10000
                    batchDiscount: 0.5
                    batchApi: true
                models:
                  - id: gpu-model
                    provider: gpu
                    boundary: owned
                    price: { input: 0.02, output: 0.08 }
                    capabilities: [chat, json]
                    simulation: { format: openai, latencyMs: 0, tokensPerSecond: 100000 }
                  - id: cloud-model
                    provider: openai
                    upstream: up-model
                    boundary: frontier
                    contextWindow: 100000
                    price: { input: 1.00, output: 4.00 }
                    capabilities: [chat, tools, vision, json]
                """.formatted(upstream.port()));
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, policy(marginMs, upstreamPollMs, 50, "  gpu-model: {default: 0.8}\n  cloud-model: {default: 0.95}"));
        BrokerConfig c = ConfigLoader.load(fleet);
        c = c.withServer(c.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()));
        if (store != null) c = c.withLedger(c.ledger().withStore(store));
        return Gateway.start(c, new Secrets(Map.of("UPSTREAM_KEY", upstreamKey), null));
    }

    /** A front broker whose provider "claude" (Anthropic format, {@code batchApi: true}) is {@code baseUrl}. */
    static Gateway anthropicFront(Path dir, String baseUrl, String apiKey) throws IOException {
        return anthropicFront(dir, baseUrl, apiKey, 50);
    }

    static Gateway anthropicFront(Path dir, String baseUrl, String apiKey, long upstreamPollMs) throws IOException {
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, """
                server: {host: 127.0.0.1, port: 0, maxBodyBytes: 1048576}
                providers:
                  - {id: gpu, kind: simulated, maxConcurrency: 1, timeoutMs: 10000}
                  - id: claude
                    kind: anthropic
                    baseUrl: %s
                    apiKeyEnv: CLAUDE_KEY
                    timeoutMs: 10000
                    batchDiscount: 0.5
                    batchApi: true
                models:
                  - id: gpu-model
                    provider: gpu
                    boundary: owned
                    price: { input: 0.02, output: 0.08 }
                    capabilities: [chat, json]
                    simulation: { format: openai, latencyMs: 0, tokensPerSecond: 100000 }
                  - id: claude-model
                    provider: claude
                    upstream: up-model
                    boundary: frontier
                    contextWindow: 100000
                    price: { input: 1.00, output: 4.00 }
                    capabilities: [chat, json]
                """.formatted(baseUrl));
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, policy(172_800_000L, upstreamPollMs, 50, "  gpu-model: {default: 0.8}\n  claude-model: {default: 0.95}"));
        BrokerConfig c = ConfigLoader.load(fleet);
        return Gateway.start(c.withServer(c.server().withDataDir(dir.toString()).withPolicyFile(policy.toString())),
                new Secrets(Map.of("CLAUDE_KEY", apiKey), null));
    }

    static String line(String customId, String prompt) {
        return Json.write(Json.object().put("custom_id", customId).put("method", "POST").put("url", "/v1/chat/completions")
                .set("body", Json.object().put("model", "auto").put("max_tokens", 50).set("messages", Json.MAPPER.createArrayNode()
                        .add(Json.object().put("role", "user").put("content", prompt)))));
    }

    /** Uploads the lines and creates a batch on {@code g}; returns the batch id. */
    static String submit(Gateway g, String key, String... lines) throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n\r\n" + String.join("\n", lines)
                + "\r\n--" + boundary + "--\r\n";
        JsonNode file = send(g, key, "POST", "/v1/files", body, "multipart/form-data; boundary=" + boundary);
        JsonNode batch = send(g, key, "POST", "/v1/batches", "{\"input_file_id\":\"" + file.get("id").asText()
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}", "application/json");
        assertThat(batch.get("status").asText()).isEqualTo("in_progress");
        return batch.get("id").asText();
    }

    static JsonNode send(Gateway g, String key, String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path)).header("authorization", "Bearer " + key);
        if (body != null) b.header("content-type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return Json.parse(res.body());
    }

    static String text(Gateway g, String key, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + path)).header("authorization", "Bearer " + key)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static JsonNode awaitDone(Gateway g, String key, String batchId) throws Exception {
        JsonNode[] b = new JsonNode[1];
        await(() -> {
            try {
                b[0] = send(g, key, "GET", "/v1/batches/" + batchId, null, null);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return b[0].get("status").asText().equals("completed");
        }, "batch " + batchId + " to complete");
        return b[0];
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The custom_id → line of a result file. */
    static Map<String, JsonNode> lines(Gateway g, String key, String fileId) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        for (String l : text(g, key, "/v1/files/" + fileId + "/content").split("\n")) {
            if (!l.isBlank()) out.put(Json.parse(l).get("custom_id").asText(), Json.parse(l));
        }
        return out;
    }

    /** The upstream's batches as the front's key sees them (tenant-scoped: only what that front sent). */
    static List<JsonNode> upstreamBatches(String upstreamKey) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        send(upstream, upstreamKey, "GET", "/v1/batches?limit=100", null, null).get("data").forEach(out::add);
        return out;
    }

    /** Ledger rows of a front batch's items by custom_id: lane, model, cost, sync cost, input and output tokens. */
    static Map<String, Object[]> ledger(Gateway g, String batchId) {
        g.ledger().flush(Duration.ofSeconds(10));
        return g.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT i.custom_id, l.lane, l.model, l.cost_nusd, l.sync_nusd, l.input_tokens,"
                    + " l.output_tokens, l.state, l.status FROM ledger l JOIN batch_items i ON l.id = i.request_id WHERE i.batch_id = ?")) {
                ps.setString(1, batchId);
                Map<String, Object[]> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), new Object[]{rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9)});
                }
                return out;
            }
        });
    }

    static String itemId(Gateway g, String batchId, String customId) {
        return g.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM batch_items WHERE batch_id = ? AND custom_id = ?")) {
                ps.setString(1, batchId);
                ps.setString(2, customId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    static int upstreamItems(Gateway g, String batchId) {
        return g.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM batch_items WHERE batch_id = ? AND state = 'upstream'")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    static String upstreamState(Gateway g) {
        return g.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM upstream_batches"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    @Test
    void batchApiIsCheckedWhenTheConfigIsRead() {
        ProviderConfig on = new ProviderConfig("o", "openai-compatible", "http://h/v1", null, null, null, null, null, null, null, null, null,
                null, null, null, 0.5, "true");
        assertThat(on.batchApi()).isEqualTo("openai");
        assertThat(new ProviderConfig("o", "openai-compatible", "http://h/v1", null, null, null, null, null, null, null, null, null,
                null, null, null, 0.5, "false").batchApi()).isNull();
        assertThat(new ProviderConfig("a", "anthropic", "http://h", null, null, null, null, null, null, null, null, null,
                null, null, null, 0.5, "true").batchApi()).isEqualTo("anthropic");
        assertThatThrownBy(() -> new ProviderConfig("a", "anthropic", "http://h", null, null, null, null, null, null, null, null, null,
                null, null, null, 0.5, "openai")).hasMessageContaining("needs kind openai-compatible");
        assertThatThrownBy(() -> new ProviderConfig("o", "openai-compatible", "http://h/v1", null, null, null, null, null, null, null, null,
                null, null, null, null, 0.5, "gemini")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> new ProviderConfig("s", "simulated", null, null, null, null, null, null, null, null, null, null,
                null, null, null, 0.5, "openai")).hasMessageContaining("openai-compatible");
        assertThatThrownBy(() -> new ProviderConfig("o", "openai-compatible", "http://h/v1", null, null, null, null, null, null, null, null,
                null, null, null, null, null, "openai")).hasMessageContaining("batchDiscount");
    }

    @Test
    void nearTheDeadlineDiscountedItemsGoToTheProvidersBatchApiAsOneBatchAndAreBilledAtItsDiscount() throws Exception {
        String upKey = upstream.keys().create("front-one", "batch").secret();
        try (Gateway front = front(Files.createTempDirectory("broker-front"), upKey, 0, 50)) {
            String key = front.keys().create("acme", "t").secret();

            // Owned capacity idle, no deadline near: items run on the GPU; nothing goes to the provider's batch API.
            String idle = submit(front, key, line("i1", "Summarise: idle GPUs."), line("i2", "Name a prime."));
            awaitDone(front, key, idle);
            assertThat(ledger(front, idle).values()).allSatisfy(r -> assertThat(r[0]).isEqualTo("batch-owned"));
            assertThat(upstreamBatches(upKey)).isEmpty();

            // The GPU busy and every deadline near: the discounted route, through the provider's batch API.
            Capacity.Permit busy = front.capacity().acquire("gpu", Duration.ofSeconds(30));
            Files.writeString(Path.of(front.config().server().policyFile()),
                    policy(172_800_000L, 50, 50, "  gpu-model: {default: 0.8}\n  cloud-model: {default: 0.95}"));
            assertThat(front.policies().reload()).isTrue();
            String secret = "Card on file is 4111 1111 1111 1111, exp 09/28; classify the refund request.";
            String batch = submit(front, key, line("a", "Write a haiku about queues."), line("b", "Name three prime numbers."),
                    line("c", "Translate 'hello' to French."), line("long", "Summarise this: " + "the queue grew longer again. ".repeat(60)),
                    line("pii", secret));
            await(() -> List.of("submitted", "done").contains(String.valueOf(upstreamState(front))), "the upstream batch to be sent");
            busy.close(); // the sensitive item waits for the GPU (it may only run there)
            JsonNode done = awaitDone(front, key, batch);

            // One upstream batch, with the four items that may leave owned infrastructure, keyed by item id.
            List<JsonNode> sent = upstreamBatches(upKey);
            assertThat(sent).hasSize(1);
            JsonNode up = sent.get(0);
            assertThat(up.get("endpoint").asText()).isEqualTo("/v1/chat/completions");
            assertThat(up.get("completion_window").asText()).isEqualTo("24h");
            assertThat(up.at("/request_counts/total").asInt()).isEqualTo(4);
            assertThat(up.at("/request_counts/failed").asInt()).isEqualTo(1);
            String input = text(upstream, upKey, "/v1/files/" + up.get("input_file_id").asText() + "/content");
            List<String> customIds = input.lines().map(l -> Json.parse(l).get("custom_id").asText()).sorted().toList();
            assertThat(customIds).containsExactlyInAnyOrder(itemId(front, batch, "a"), itemId(front, batch, "b"), itemId(front, batch, "c"),
                    itemId(front, batch, "long"));
            assertThat(input).doesNotContain("4111").contains("\"model\":\"up-model\"");

            // Answers mapped back by custom_id; the failed upstream line is in the caller's error file.
            assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(4);
            assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(1);
            Map<String, JsonNode> out = lines(front, key, done.get("output_file_id").asText());
            assertThat(out.keySet()).containsExactlyInAnyOrder("a", "b", "c", "pii");
            for (String id : List.of("a", "b", "c")) {
                assertThat(out.get(id).at("/response/body/model").asText()).isEqualTo("cloud-model");
                assertThat(out.get(id).at("/response/body/choices/0/message/content").asText()).isNotBlank();
            }
            assertThat(out.get("pii").at("/response/body/model").asText()).isEqualTo("gpu-model");
            Map<String, JsonNode> errors = lines(front, key, done.get("error_file_id").asText());
            assertThat(errors.keySet()).containsExactly("long");
            assertThat(errors.get("long").at("/response/status_code").asInt()).isBetween(400, 599);
            assertThat(errors.get("long").at("/response/body/error/message").asText()).contains("context window");

            // Ledger: lane batch-discounted, cost = usage × price card × (1 − 0.5), sync = the same usage at list price.
            Map<String, Object[]> rows = ledger(front, batch);
            for (String id : List.of("a", "b", "c")) {
                Object[] r = rows.get(id);
                assertThat(r[0]).isEqualTo("batch-discounted");
                assertThat(r[1]).isEqualTo("cloud-model");
                assertThat(r[6]).isEqualTo("settled");
                long in = (long) r[4], outTokens = (long) r[5];
                assertThat(in).isPositive();
                assertThat(outTokens).isPositive();
                long list = in * 1_000 + outTokens * 4_000; // nano-USD at $1 / $4 per 1M tokens
                assertThat((long) r[2]).isEqualTo(list / 2);
                assertThat((long) r[3]).isEqualTo(list);
            }
            assertThat(rows.get("long")[0]).isEqualTo("batch-discounted");
            assertThat(rows.get("long")[7]).isEqualTo("error");
            assertThat((long) rows.get("long")[2]).isZero();
            assertThat(rows.get("pii")[1]).isEqualTo("gpu-model");
            JsonNode broker = done.get("broker");
            assertThat(broker.at("/routes/discounted").asInt()).isEqualTo(4);
        }
    }

    /**
     * Anthropic's Message Batches: the provider "claude" is a Message Batches API whose requests run on
     * the upstream broker's {@code /v1/messages} (where up-model's small context window fails the long one).
     */
    @Test
    void anAnthropicProvidersMessageBatchesArePolledUntilEndedAndMappedBack() throws Exception {
        String upKey = upstream.keys().create("front-claude", "batch").secret();
        try (FakeAnthropicBatches claude = new FakeAnthropicBatches("http://127.0.0.1:" + upstream.port() + "/v1/messages", upKey, "sk-ant-test");
             Gateway front = anthropicFront(Files.createTempDirectory("broker-front-claude"), claude.baseUrl(), "sk-ant-test")) {
            String key = front.keys().create("acme", "t").secret();
            Capacity.Permit busy = front.capacity().acquire("gpu", Duration.ofSeconds(30));
            try {
                String batch = submit(front, key, line("a", "Write a haiku about queues."), line("b", "Name three prime numbers."),
                        line("long", "Summarise this: " + "the queue grew longer again. ".repeat(60)));
                JsonNode done = awaitDone(front, key, batch);
                assertThat(claude.created).hasSize(1);
                JsonNode requests = claude.created.get(0).get("requests");
                assertThat(requests).hasSize(3);
                assertThat(requests.get(0).at("/params/model").asText()).isEqualTo("up-model");
                assertThat(requests.get(0).at("/params/max_tokens").asInt()).isEqualTo(50);
                assertThat(claude.polls.get()).isGreaterThanOrEqualTo(2); // in_progress first, then ended

                Map<String, JsonNode> out = lines(front, key, done.get("output_file_id").asText());
                assertThat(out.keySet()).containsExactlyInAnyOrder("a", "b");
                assertThat(out.get("a").at("/response/body/model").asText()).isEqualTo("claude-model");
                assertThat(out.get("a").at("/response/body/choices/0/message/content").asText()).isNotBlank();
                Map<String, JsonNode> errors = lines(front, key, done.get("error_file_id").asText());
                assertThat(errors.keySet()).containsExactly("long");
                assertThat(errors.get("long").at("/response/body/error/message").asText()).contains("context window");

                Map<String, Object[]> rows = ledger(front, batch);
                for (String id : List.of("a", "b")) {
                    Object[] r = rows.get(id);
                    assertThat(r[0]).isEqualTo("batch-discounted");
                    assertThat(r[1]).isEqualTo("claude-model");
                    long list = (long) r[4] * 1_000 + (long) r[5] * 4_000;
                    assertThat((long) r[2]).isPositive().isEqualTo(list / 2);
                    assertThat((long) r[3]).isEqualTo(list);
                }
            } finally {
                busy.close();
            }
        }
    }

    /**
     * Anthropic batches carry no tag, so one whose creation a stopped node never confirmed cannot be
     * found again: its items fail (error file) instead of being sent a second time.
     */
    @Test
    void anUnconfirmedAnthropicBatchFailsItsItemsRatherThanSendingThemTwice() throws Exception {
        String upKey = upstream.keys().create("front-claude-2", "batch").secret();
        Path dir = Files.createTempDirectory("broker-front-claude-restart");
        try (FakeAnthropicBatches claude = new FakeAnthropicBatches("http://127.0.0.1:" + upstream.port() + "/v1/messages", upKey, "sk-ant-2")) {
            String key;
            String batch;
            try (Gateway first = anthropicFront(dir, claude.baseUrl(), "sk-ant-2", 3_000)) {
                key = first.keys().create("acme", "t").secret();
                Capacity.Permit busy = first.capacity().acquire("gpu", Duration.ofSeconds(30));
                batch = submit(first, key, line("u", "Say hello."));
                await(() -> "submitted".equals(upstreamState(first)), "the message batch to be created");
                first.drainer().close();
                busy.close();
                first.database().with(c -> { // as if the process ended before it recorded the provider's batch id
                    try (var st = c.createStatement()) {
                        return st.executeUpdate("UPDATE upstream_batches SET state = 'submitting', upstream_id = NULL, lease_until = 0");
                    }
                });
            }
            try (Gateway second = anthropicFront(dir, claude.baseUrl(), "sk-ant-2")) {
                JsonNode done = awaitDone(second, key, batch);
                assertThat(done.at("/request_counts/failed").asInt()).isEqualTo(1);
                assertThat(lines(second, key, done.get("error_file_id").asText()).get("u").at("/response/body/error/message").asText())
                        .contains("may or may not have received");
                assertThat(claude.created).hasSize(1); // not sent again
            }
        }
    }

    /** An Anthropic-format caller's deferred call goes upstream as an OpenAI batch line and is answered in its own format. */
    @Test
    void anAnthropicCallersDeferredCallIsAnsweredInItsFormat() throws Exception {
        String upKey = upstream.keys().create("front-anthropic", "batch").secret();
        try (Gateway front = front(Files.createTempDirectory("broker-front-anthropic"), upKey, 172_800_000L, 50)) {
            String key = front.keys().create("acme", "t").secret();
            Capacity.Permit busy = front.capacity().acquire("gpu", Duration.ofSeconds(30));
            try {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + "/v1/messages"))
                        .header("x-api-key", key).header("anthropic-version", "2023-06-01").header("x-broker-batch", "true")
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"max_tokens\":40,\"system\":\"Be brief.\","
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Summarise: later is fine.\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
                String batch = Json.parse(res.body()).get("id").asText();
                JsonNode done = awaitDone(front, key, batch);
                JsonNode line = lines(front, key, done.get("output_file_id").asText()).values().iterator().next();
                assertThat(line.at("/response/body/type").asText()).isEqualTo("message");
                assertThat(line.at("/response/body/model").asText()).isEqualTo("cloud-model");
                assertThat(line.at("/response/body/content/0/text").asText()).isNotBlank();
                assertThat(line.at("/response/body/usage/output_tokens").asInt()).isPositive();
                String input = text(upstream, upKey, "/v1/files/" + upstreamBatches(upKey).get(0).get("input_file_id").asText() + "/content");
                JsonNode sent = Json.parse(input.strip());
                assertThat(sent.at("/body/messages/0/role").asText()).isEqualTo("system"); // Anthropic's system prompt, in OpenAI's shape
                assertThat(sent.at("/body/messages/0/content").asText()).contains("Be brief.");
            } finally {
                busy.close();
            }
        }
    }

    /**
     * Budgets as on the ordinary path: each item's worst case is held from admission until the provider's
     * answer settles it at its discounted cost. A budget that covers one held worst case but not two
     * refuses the second item (error file, never sent); once the first is settled, a third fits again.
     */
    @Test
    void itemsHoldTheirWorstCaseUntilTheProvidersAnswerSettlesIt() throws Exception {
        String upKey = upstream.keys().create("front-budget", "batch").secret();
        try (Gateway front = front(Files.createTempDirectory("broker-front-budget"), upKey, 172_800_000L, 50)) {
            String key = front.keys().create("acme", "t").secret();
            // One item's worst case (a few prompt tokens + 50 output tokens at $1/$4 per 1M) is ~$0.00021.
            front.budgets().create(new io.computebroker.budget.BudgetSpec("acme", io.computebroker.budget.Scope.TENANT, "acme",
                    io.computebroker.budget.TimeWindow.TOTAL, 400_000L, null, io.computebroker.budget.BudgetAction.REJECT));
            Capacity.Permit busy = front.capacity().acquire("gpu", Duration.ofSeconds(30));
            try {
                String first = submit(front, key, line("p", "Say hi."), line("q", "Say yo."));
                JsonNode done = awaitDone(front, key, first);
                assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(1);
                Map<String, JsonNode> errors = lines(front, key, done.get("error_file_id").asText());
                assertThat(errors).hasSize(1);
                JsonNode refused = errors.values().iterator().next();
                assertThat(refused.at("/response/status_code").asInt()).isEqualTo(429);
                assertThat(refused.at("/response/body/error/message").asText()).contains("budget exceeded");
                assertThat(upstreamBatches(upKey)).hasSize(1);
                assertThat(upstreamBatches(upKey).get(0).at("/request_counts/total").asInt()).isEqualTo(1);

                String second = submit(front, key, line("r", "Say hey."));
                assertThat(awaitDone(front, key, second).at("/request_counts/completed").asInt()).isEqualTo(1);
                assertThat(upstreamBatches(upKey)).hasSize(2);
            } finally {
                busy.close();
            }
        }
    }

    @Test
    void aRestartWhileTheUpstreamBatchRunsPollsItInsteadOfSendingItAgain() throws Exception {
        restartMidPoll("front-two", null);
    }

    @Test
    void theSameOnPostgreSql() throws Exception {
        restartMidPoll("front-three", io.computebroker.store.TestStores.freshPostgresUrl());
    }

    /**
     * The node stopped after the provider created the batch but before it recorded the batch's id: the
     * next run finds it at the provider by its input file and tag, and polls it rather than sending again.
     */
    @Test
    void aBatchANodeWasStillCreatingIsFoundAtTheProviderNotSentAgain() throws Exception {
        String upKey = upstream.keys().create("front-four", "batch").secret();
        Path dir = Files.createTempDirectory("broker-front-creating");
        String key;
        String batch;
        try (Gateway first = front(dir, upKey, 172_800_000L, 3_000)) {
            key = first.keys().create("acme", "t").secret();
            Capacity.Permit busy = first.capacity().acquire("gpu", Duration.ofSeconds(30));
            batch = submit(first, key, line("m", "Say hello."));
            await(() -> "submitted".equals(upstreamState(first)), "the upstream batch to be submitted");
            first.drainer().close();
            busy.close();
            first.database().with(c -> { // as if the process ended between the provider's answer and our update
                try (var st = c.createStatement()) {
                    return st.executeUpdate("UPDATE upstream_batches SET state = 'submitting', upstream_id = NULL, lease_until = 0");
                }
            });
        }
        try (Gateway second = front(dir, upKey, 172_800_000L, 50)) {
            JsonNode done = awaitDone(second, key, batch);
            assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(1);
            assertThat(upstreamBatches(upKey)).hasSize(1);
            assertThat(ledger(second, batch).get("m")[0]).isEqualTo("batch-discounted");
        }
    }

    private void restartMidPoll(String upstreamTenant, String store) throws Exception {
        String upKey = upstream.keys().create(upstreamTenant, "batch").secret();
        Path dir = Files.createTempDirectory("broker-front-restart");
        String key;
        String batch;
        try (Gateway first = front(dir, store, upKey, 172_800_000L, 3_000)) {
            key = first.keys().create("acme", "t").secret();
            Capacity.Permit busy = first.capacity().acquire("gpu", Duration.ofSeconds(30));
            batch = submit(first, key, line("x", "Write a haiku about restarts."), line("y", "Name two colours."));
            String id = batch;
            await(() -> "submitted".equals(upstreamState(first)) && upstreamItems(first, id) == 2, "the upstream batch to be submitted");
            first.drainer().close(); // the process ends before it reads the answer
            busy.close();
            assertThat(ledger(first, batch)).isEmpty(); // nothing settled yet
        }
        assertThat(upstreamBatches(upKey)).hasSize(1);
        try (Gateway second = front(dir, store, upKey, 172_800_000L, 50)) {
            JsonNode done = awaitDone(second, key, batch);
            assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(2);
            assertThat(upstreamBatches(upKey)).hasSize(1); // polled, not sent again
            Map<String, Object[]> rows = ledger(second, batch);
            assertThat(rows).hasSize(2);
            for (Object[] r : rows.values()) {
                assertThat(r[0]).isEqualTo("batch-discounted");
                assertThat(r[1]).isEqualTo("cloud-model");
                long list = (long) r[4] * 1_000 + (long) r[5] * 4_000;
                assertThat((long) r[2]).isPositive().isEqualTo(list / 2);
            }
            assertThat(lines(second, key, done.get("output_file_id").asText()).keySet()).containsExactlyInAnyOrder("x", "y");
        }
    }
}
