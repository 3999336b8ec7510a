package io.computebroker.batch.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A provider's OpenAI Batch API, over the Files and Batches endpoints: upload a JSONL input file
 * ({@code POST {baseUrl}/files}, multipart, {@code purpose=batch}), create the batch
 * ({@code POST {baseUrl}/batches}, endpoint {@code /v1/chat/completions}, window {@code 24h}), poll it
 * ({@code GET {baseUrl}/batches/{id}}) and download the output and error files
 * ({@code GET {baseUrl}/files/{id}/content}). {@code baseUrl} is the provider's, which ends in {@code /v1}
 * as for chat completions. The API key goes in the Authorization header only and is never logged.
 */
public final class OpenAiBatchApi {
    /** A call the provider answered with a non-2xx status: it definitely did not do what was asked. */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The call may or may not have reached the provider (connection failure, timeout). */
    public static final class Unknown extends RuntimeException {
        Unknown(String message, Throwable cause) { super(message, cause); }
    }

    private final ProviderConfig provider;
    private final String apiKey;
    private final String base;
    private final HttpClient http;

    public OpenAiBatchApi(ProviderConfig provider, String apiKey) {
        this.provider = provider;
        this.apiKey = apiKey;
        String b = provider.baseUrl();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(provider.connectTimeoutMs())).build();
    }

    /** Uploads the JSONL input; returns the file id. */
    public String upload(String jsonl, String filename) {
        String boundary = "broker" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n");
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n");
        write(body, jsonl);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest.Builder r = request("/files").header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return Json.parse(send(r, "upload the batch input file")).path("id").asText();
    }

    /** Creates the batch; {@code tag} goes in its metadata so a restart can find it again. */
    public JsonNode create(String inputFileId, String tag) {
        ObjectNode b = Json.object();
        b.put("input_file_id", inputFileId);
        b.put("endpoint", "/v1/chat/completions");
        b.put("completion_window", "24h");
        b.putObject("metadata").put("broker_upstream_batch", tag);
        return Json.parse(send(request("/batches").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(b))), "create the batch"));
    }

    public JsonNode get(String batchId) {
        return Json.parse(send(request("/batches/" + batchId).GET(), "read batch " + batchId));
    }

    /** The provider's batch created from {@code inputFileId} with our tag, among its most recent ones. */
    public Optional<JsonNode> find(String inputFileId, String tag) {
        for (JsonNode b : Json.parse(send(request("/batches?limit=100").GET(), "list batches")).path("data")) {
            if (b.path("input_file_id").asText().equals(inputFileId) && b.at("/metadata/broker_upstream_batch").asText().equals(tag)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    public String content(String fileId) {
        return send(request("/files/" + fileId + "/content").GET(), "download file " + fileId);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMillis(provider.timeoutMs()));
        provider.headers().forEach(r::header);
        if (apiKey != null) r.header("authorization", "Bearer " + apiKey);
        return r;
    }

    private String send(HttpRequest.Builder r, String what) {
        HttpResponse<String> res;
        try {
            res = http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unknown("provider " + provider.id() + ": cannot " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unknown("interrupted while trying to " + what, e);
        }
        if (res.statusCode() / 100 != 2) {
            String body = res.body() == null ? "" : res.body();
            throw new Refused(res.statusCode(), "provider " + provider.id() + " refused to " + what + " (HTTP " + res.statusCode() + "): "
                    + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
        return res.body();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
