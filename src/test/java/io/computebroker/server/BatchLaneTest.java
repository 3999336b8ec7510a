package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import io.computebroker.capacity.Capacity;
import io.computebroker.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch lane end to end on the simulated fleet (batch-fleet.yaml: one owned GPU slot, a cloud
 * provider with a half-price batch route), driven by the official openai-java SDK. The GPU is made
 * busy by holding its capacity slot, exactly what an in-flight interactive call does.
 */
class BatchLaneTest {
    static TestGateway tg;
    static OpenAIClient client;
    static Path policyFile;
    static String basePolicy;
    Capacity.Permit gpuBusy;

    @BeforeAll
    static void start() throws IOException {
        tg = TestGateway.start("/batch-fleet.yaml", "/batch-policy.yaml");
        client = OpenAIOkHttpClient.builder().baseUrl(tg.baseUrl + "/v1").apiKey(tg.key).maxRetries(0).build();
        policyFile = Path.of(tg.gateway.config().server().policyFile());
        basePolicy = Files.readString(policyFile);
    }

    @AfterAll
    static void stop() {
        client.close();
        tg.close();
    }

    @AfterEach
    void idle() throws IOException {
        if (gpuBusy != null) gpuBusy.close();
        gpuBusy = null;
        policy(basePolicy);
    }

    static void policy(String yaml) throws IOException {
        if (Files.readString(policyFile).equals(yaml)) return;
        Files.writeString(policyFile, yaml);
        assertThat(tg.gateway.policies().reload()).isTrue();
    }

    void occupyGpu() {
        // Waits out items an earlier test left running on the GPU, then holds its only slot.
        gpuBusy = tg.gateway.capacity().acquire("gpu", Duration.ofSeconds(30));
        assertThat(gpuBusy).isNotNull();
        assertThat(tg.gateway.drainer().ownedUtilisation()).isEqualTo(1.0);
    }

    static String line(String customId, String prompt) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"auto\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}";
    }

    static Batch submit(String... lines) {
        FileObject file = client.files().create(FileCreateParams.builder()
                .file(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)).purpose(FilePurpose.BATCH).build());
        assertThat(file.id()).startsWith("file-");
        assertThat(file.purpose().asString()).isEqualTo("batch");
        return client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
    }

    static Batch awaitStatus(String id, Batch.Status status) {
        await(() -> client.batches().retrieve(id).status().equals(status), "batch " + id + " to be " + status);
        return client.batches().retrieve(id);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static List<JsonNode> fileLines(String fileId) throws IOException {
        try (var res = client.files().content(fileId); InputStream in = res.body()) {
            List<JsonNode> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) if (!l.isBlank()) out.add(Json.parse(l));
            return out;
        }
    }

    /** Ledger rows of a batch's items: lane, model, cost, synchronous-route cost. */
    static List<Object[]> ledgerRows(String batchId) {
        tg.gateway.ledger().flush(Duration.ofSeconds(10));
        return tg.gateway.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT l.lane, l.model, l.cost_nusd, l.sync_nusd, l.state FROM ledger l"
                    + " JOIN batch_items i ON l.id = i.request_id WHERE i.batch_id = ? ORDER BY i.seq")) {
                ps.setString(1, batchId);
                List<Object[]> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Object[]{rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5)});
                }
                return out;
            }
        });
    }

    @Test
    void queuedWhileOwnedCapacityIsBusyAndDrainedWhenItIdles() throws IOException {
        occupyGpu();
        Batch created = submit(line("a", "Summarise: the cat sat on the mat."), line("b", "Translate 'hello' to French."),
                line("c", "Classify the sentiment: I love it."));
        assertThat(created.status()).isEqualTo(Batch.Status.IN_PROGRESS);
        assertThat(created.completionWindow()).isEqualTo("24h");
        assertThat(created.endpoint()).isEqualTo("/v1/chat/completions");
        assertThat(created.requestCounts().orElseThrow().total()).isEqualTo(3);
        assertThat(created.expiresAt().orElseThrow() - created.createdAt()).isEqualTo(24 * 3600);

        // Owned is busy and no deadline is near: the queue holds, however often the drainer looks.
        for (int i = 0; i < 5; i++) assertThat(tg.gateway.drainer().tick()).isZero();
        Batch waiting = client.batches().retrieve(created.id());
        assertThat(waiting.status()).isEqualTo(Batch.Status.IN_PROGRESS);
        assertThat(waiting.requestCounts().orElseThrow().completed()).isZero();
        assertThat(ledgerRows(created.id())).isEmpty();

        gpuBusy.close(); // the interactive call ends: the GPU idles
        gpuBusy = null;
        Batch done = awaitStatus(created.id(), Batch.Status.COMPLETED);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().failed()).isZero();
        assertThat(done.completedAt()).isPresent();
        assertThat(done.finalizingAt()).isPresent();
        assertThat(done.errorFileId()).isEmpty();
        assertThat(done.usage().orElseThrow().outputTokens()).isPositive();
        JsonNode broker = Json.MAPPER.valueToTree(done._additionalProperties().get("broker").asObject().orElseThrow());
        assertThat(broker.path("routes").path("owned").asInt()).isEqualTo(3);

        List<JsonNode> out = fileLines(done.outputFileId().orElseThrow());
        assertThat(out).extracting(n -> n.get("custom_id").asText()).containsExactly("a", "b", "c");
        for (JsonNode n : out) {
            assertThat(n.get("id").asText()).startsWith("batch_req_");
            assertThat(n.get("error").isNull()).isTrue();
            assertThat(n.at("/response/status_code").asInt()).isEqualTo(200);
            assertThat(n.at("/response/request_id").asText()).isNotBlank();
            assertThat(n.at("/response/body/object").asText()).isEqualTo("chat.completion");
            assertThat(n.at("/response/body/model").asText()).isEqualTo("gpu-model");
            assertThat(n.at("/response/body/choices/0/message/content").asText()).isNotBlank();
        }
        FileObject outFile = client.files().retrieve(done.outputFileId().orElseThrow());
        assertThat(outFile.purpose().asString()).isEqualTo("batch_output");
        HttpResponse<String> again = tg.post("/v1/batches", "{\"input_file_id\":\"" + outFile.id() + "\",\"endpoint\":"
                + "\"/v1/chat/completions\",\"completion_window\":\"24h\"}", tg.openAiAuth());
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("purpose 'batch_output'");

        List<Object[]> rows = ledgerRows(created.id());
        assertThat(rows).hasSize(3);
        for (Object[] r : rows) {
            assertThat(r[0]).isEqualTo("batch-owned");
            assertThat(r[1]).isEqualTo("gpu-model");
            assertThat(r[4]).isEqualTo("settled");
            assertThat((long) r[2]).isPositive().isEqualTo((long) r[3]); // the owned model is also the synchronous route here
        }
    }

    @Test
    void nearItsDeadlineAnItemTakesTheDiscountedRouteAndTheLedgerShowsTheSaving() throws IOException {
        occupyGpu();
        policy(basePolicy.replace("deadlineMarginMs: 0", "deadlineMarginMs: 172800000")); // every deadline is "near"
        Batch created = submit(line("x", "Write a haiku about queues."), line("y", "Name three prime numbers."));
        Batch done = awaitStatus(created.id(), Batch.Status.COMPLETED);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(2);
        List<JsonNode> out = fileLines(done.outputFileId().orElseThrow());
        assertThat(out).allSatisfy(n -> assertThat(n.at("/response/body/model").asText()).isEqualTo("cloud-model"));

        List<Object[]> rows = ledgerRows(created.id());
        assertThat(rows).hasSize(2);
        long cost = 0, sync = 0;
        for (Object[] r : rows) {
            assertThat(r[0]).isEqualTo("batch-discounted");
            assertThat(r[1]).isEqualTo("cloud-model");
            // The GPU is saturated, so a synchronous call would have spilled to cloud-model at list price.
            assertThat((long) r[3]).isEqualTo(2 * (long) r[2]);
            cost += (long) r[2];
            sync += (long) r[3];
        }
        JsonNode broker = Json.MAPPER.valueToTree(done._additionalProperties().get("broker").asObject().orElseThrow());
        assertThat(broker.path("routes").path("discounted").asInt()).isEqualTo(2);
        assertThat(new java.math.BigDecimal(broker.get("saved_usd").asText()))
                .isEqualByComparingTo(io.computebroker.ledger.Nusd.usd(sync - cost));
        // Reports group by lane and show what deferring saved against the synchronous route.
        var report = new io.computebroker.report.Reports(tg.gateway.database()).report(new io.computebroker.report.ReportQuery(
                io.computebroker.report.GroupBy.LANE, java.time.Instant.now().minus(Duration.ofHours(1)),
                java.time.Instant.now().plus(Duration.ofHours(1)), "acme"));
        var discounted = report.rows().stream().filter(r -> "batch-discounted".equals(r.group())).findFirst().orElseThrow();
        long[] all = tg.gateway.database().with(c -> { // every discounted row of the tenant (other tests add theirs)
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(cost_nusd), SUM(sync_nusd) FROM ledger"
                    + " WHERE lane = 'batch-discounted' AND tenant = 'acme'"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        });
        assertThat(discounted.requests()).isEqualTo(all[0]).isGreaterThanOrEqualTo(2);
        assertThat(discounted.costUsd()).isEqualByComparingTo(io.computebroker.ledger.Nusd.usd(all[1]));
        assertThat(discounted.batchSavingsUsd()).isEqualByComparingTo(io.computebroker.ledger.Nusd.usd(all[2] - all[1]))
                .isGreaterThanOrEqualTo(io.computebroker.ledger.Nusd.usd(sync - cost)).isPositive();
    }

    @Test
    void withoutADiscountedRouteAllowedANearDeadlineItemTakesTheSynchronousRoute() throws IOException {
        occupyGpu();
        policy(basePolicy.replace("deadlineMarginMs: 0", "deadlineMarginMs: 172800000, discountedRoute: false"));
        Batch created = submit(line("only", "Say hi."));
        awaitStatus(created.id(), Batch.Status.COMPLETED);
        List<Object[]> rows = ledgerRows(created.id());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[0]).isEqualTo("batch-sync");
        assertThat(rows.get(0)[1]).isEqualTo("cloud-model"); // spilled past the busy GPU, at list price
        assertThat((long) rows.get(0)[2]).isEqualTo((long) rows.get(0)[3]);
    }

    @Test
    void aChatCallWithTheBatchHeaderIsDeferredAsABatchOfOne() throws IOException {
        occupyGpu();
        HttpResponse<String> res = tg.post("/v1/chat/completions",
                "{\"model\":\"auto\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"Summarise: deferred work.\"}]}",
                Map.of("authorization", "Bearer " + tg.key, "x-broker-batch", "true", "x-broker-feature", "nightly-digest"));
        assertThat(res.statusCode()).isEqualTo(202);
        JsonNode batch = Json.parse(res.body());
        assertThat(batch.get("object").asText()).isEqualTo("batch");
        assertThat(batch.get("status").asText()).isEqualTo("in_progress");
        assertThat(batch.at("/request_counts/total").asInt()).isEqualTo(1);
        assertThat(res.headers().firstValue("location")).hasValue("/v1/batches/" + batch.get("id").asText());
        assertThat(tg.gateway.drainer().tick()).isZero();

        gpuBusy.close();
        gpuBusy = null;
        Batch done = awaitStatus(batch.get("id").asText(), Batch.Status.COMPLETED);
        List<JsonNode> out = fileLines(done.outputFileId().orElseThrow());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).at("/response/body/choices/0/message/content").asText()).isNotBlank();
        tg.gateway.ledger().flush(Duration.ofSeconds(10));
        String feature = tg.gateway.database().with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT l.feature FROM ledger l JOIN batch_items i ON l.id = i.request_id"
                    + " WHERE i.batch_id = ?")) {
                ps.setString(1, done.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        assertThat(feature).isEqualTo("nightly-digest"); // the caller's signals travel with the deferred call

        HttpResponse<String> streaming = tg.post("/v1/chat/completions",
                "{\"model\":\"auto\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("authorization", "Bearer " + tg.key, "x-broker-batch", "true"));
        assertThat(streaming.statusCode()).isEqualTo(400);
        assertThat(streaming.body()).contains("cannot stream");
        HttpResponse<String> bad = tg.post("/v1/chat/completions",
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("authorization", "Bearer " + tg.key, "x-broker-batch", "later"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("x-broker-batch");
    }

    @Test
    void anItemNoOwnedModelCanServeDoesNotWaitForOwnedCapacity() throws IOException {
        occupyGpu();
        // An image needs vision, which only cloud-model has: waiting for the GPU would buy nothing.
        String vision = "{\"custom_id\":\"img\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"auto\","
                + "\"max_tokens\":30,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Describe it.\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}}";
        Batch created = submit(vision);
        Batch done = awaitStatus(created.id(), Batch.Status.COMPLETED);
        assertThat(fileLines(done.outputFileId().orElseThrow()).get(0).at("/response/body/model").asText()).isEqualTo("cloud-model");
        assertThat(ledgerRows(created.id()).get(0)[0]).isEqualTo("batch-discounted");
    }

    @Test
    void anAnthropicCallerCanDeferToo() throws IOException {
        var auth = new java.util.HashMap<>(tg.anthropicAuth());
        auth.put("x-broker-batch", "true");
        HttpResponse<String> res = tg.post("/v1/messages",
                "{\"model\":\"auto\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"Summarise: later is fine.\"}]}", auth);
        assertThat(res.statusCode()).isEqualTo(202);
        JsonNode batch = Json.parse(res.body());
        assertThat(batch.get("endpoint").asText()).isEqualTo("/v1/messages");
        Batch done = awaitStatus(batch.get("id").asText(), Batch.Status.COMPLETED);
        JsonNode line = fileLines(done.outputFileId().orElseThrow()).get(0);
        assertThat(line.at("/response/body/type").asText()).isEqualTo("message");
        assertThat(line.at("/response/body/content/0/text").asText()).isNotBlank();
    }

    @Test
    void cancellingDropsQueuedItemsAndListsThemInTheErrorFile() throws IOException {
        occupyGpu();
        Batch created = submit(line("p", "one"), line("q", "two"));
        Batch cancelling = client.batches().cancel(created.id());
        assertThat(cancelling.status()).isIn(Batch.Status.CANCELLING, Batch.Status.CANCELLED);
        assertThat(cancelling.cancellingAt()).isPresent();
        Batch cancelled = awaitStatus(created.id(), Batch.Status.CANCELLED);
        assertThat(cancelled.requestCounts().orElseThrow().failed()).isEqualTo(2);
        assertThat(cancelled.outputFileId()).isEmpty();
        List<JsonNode> errors = fileLines(cancelled.errorFileId().orElseThrow());
        assertThat(errors).extracting(n -> n.get("custom_id").asText()).containsExactly("p", "q");
        assertThat(errors).allSatisfy(n -> {
            assertThat(n.get("response").isNull()).isTrue();
            assertThat(n.at("/error/code").asText()).isEqualTo("batch_cancelled");
        });
        assertThat(ledgerRows(created.id())).isEmpty(); // nothing ran, nothing billed
    }

    @Test
    void aMalformedInputFileFailsTheBatchWithAnErrorPerLine() {
        Batch b = submit(line("dup", "one"), line("dup", "two"), "not json",
                "{\"custom_id\":\"u\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}");
        assertThat(b.status()).isEqualTo(Batch.Status.FAILED);
        assertThat(b.failedAt()).isPresent();
        var errors = b.errors().orElseThrow().data().orElseThrow();
        assertThat(errors).extracting(e -> e.line().orElseThrow()).containsExactly(2L, 3L, 4L);
        assertThat(errors).extracting(e -> e.code().orElseThrow()).containsExactly("duplicate_custom_id", "invalid_json_line", "mismatched_url");
    }

    @Test
    void badUploadsAreRefusedInTheOpenAiFormat() {
        HttpResponse<String> json = tg.post("/v1/files", "{}", tg.openAiAuth());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(Json.parse(json.body()).at("/error/message").asText()).contains("multipart/form-data");
        String boundary = "XyZ";
        String noPurpose = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{}\r\n--XyZ--\r\n";
        HttpResponse<String> missing = multipart(noPurpose, Map.of("authorization", "Bearer " + tg.key,
                "content-type", "multipart/form-data; boundary=" + boundary));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("purpose");
        String fineTune = "--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{}\r\n--XyZ--\r\n";
        HttpResponse<String> wrong = multipart(fineTune, Map.of("authorization", "Bearer " + tg.key,
                "content-type", "multipart/form-data; boundary=" + boundary));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("purpose 'fine-tune'");
        assertThat(multipart(fineTune, Map.of("content-type", "multipart/form-data; boundary=XyZ")).statusCode()).isEqualTo(401);
    }

    static HttpResponse<String> multipart(String body, Map<String, String> headers) {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(tg.baseUrl + "/v1/files"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::setHeader);
        try {
            return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void batchesAreListedNewestFirstAndInvisibleToOtherTenants() {
        occupyGpu();
        Batch first = submit(line("l1", "one"));
        Batch second = submit(line("l2", "two"));
        var page = client.batches().list(com.openai.models.batches.BatchListParams.builder().limit(2).build());
        assertThat(page.data()).extracting(Batch::id).containsExactly(second.id(), first.id());
        var next = client.batches().list(com.openai.models.batches.BatchListParams.builder().limit(50).after(first.id()).build());
        assertThat(next.data()).extracting(Batch::id).doesNotContain(first.id(), second.id());

        client.batches().cancel(first.id()); // leave nothing queued for the other tests
        client.batches().cancel(second.id());

        String other = tg.gateway.keys().create("globex", "other").secret();
        OpenAIClient globex = OpenAIOkHttpClient.builder().baseUrl(tg.baseUrl + "/v1").apiKey(other).maxRetries(0).build();
        try {
            assertThatThrownBy(() -> globex.batches().retrieve(first.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> globex.files().retrieve(first.inputFileId())).isInstanceOf(NotFoundException.class);
            assertThat(globex.batches().list().data()).isEmpty();
        } finally {
            globex.close();
        }
        assertThat(tg.get("/v1/batches/batch_nope", tg.openAiAuth()).statusCode()).isEqualTo(404);
        assertThat(tg.post("/v1/batches", "{\"input_file_id\":\"" + first.inputFileId() + "\",\"endpoint\":\"/v1/embeddings\","
                + "\"completion_window\":\"24h\"}", tg.openAiAuth()).statusCode()).isEqualTo(400);
        assertThat(tg.post("/v1/batches", "{\"input_file_id\":\"" + first.inputFileId() + "\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"soon\"}", tg.openAiAuth()).body()).contains("completion_window");
    }
}
