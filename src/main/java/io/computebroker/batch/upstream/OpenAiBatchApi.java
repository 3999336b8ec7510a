package io.computebroker.batch.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A provider's OpenAI Batch API, over the Files and Batches endpoints: upload a JSONL input file
 * ({@code POST {baseUrl}/files}, multipart, {@code purpose=batch}), create the batch
 * ({@code POST {baseUrl}/batches}, endpoint {@code /v1/chat/completions}, window {@code 24h}, our tag in
 * its metadata), poll it ({@code GET {baseUrl}/batches/{id}}) and download the output and error files
 * ({@code GET {baseUrl}/files/{id}/content}). {@code baseUrl} is the provider's, which ends in {@code /v1}
 * as for chat completions.
 */
final class OpenAiBatchApi implements ProviderBatchApi {
    private static final Set<String> ENDED = Set.of("completed", "failed", "expired", "cancelled");

    private final ProviderConfig provider;
    private final BatchHttp http;
    private final String base;

    OpenAiBatchApi(ProviderConfig provider, String apiKey) {
        this.provider = provider;
        this.http = new BatchHttp(provider, apiKey == null ? Map.of() : Map.of("authorization", "Bearer " + apiKey));
        this.base = BatchHttp.base(provider.baseUrl());
    }

    @Override
    public Seen create(String tag, List<Line> lines, Consumer<String> inputFile) {
        StringBuilder jsonl = new StringBuilder();
        for (Line l : lines) {
            ObjectNode o = Json.object();
            o.put("custom_id", l.customId());
            o.put("method", "POST");
            o.put("url", "/v1/chat/completions");
            o.set("body", OpenAiCodec.encodeRequest(l.request(), l.model().upstream()));
            jsonl.append(Json.write(o)).append('\n');
        }
        String file = upload(jsonl.toString(), tag + ".jsonl");
        inputFile.accept(file);
        ObjectNode b = Json.object();
        b.put("input_file_id", file);
        b.put("endpoint", "/v1/chat/completions");
        b.put("completion_window", "24h");
        b.putObject("metadata").put("broker_upstream_batch", tag);
        return seen(Json.parse(http.send(http.request(base + "/batches").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(b))), "create the batch")));
    }

    private String upload(String jsonl, String filename) {
        String boundary = "broker" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n");
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n");
        write(body, jsonl);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest.Builder r = http.request(base + "/files").header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return Json.parse(http.send(r, "upload the batch input file")).path("id").asText();
    }

    @Override
    public Seen get(String id) {
        return seen(Json.parse(http.send(http.request(base + "/batches/" + id).GET(), "read batch " + id)));
    }

    /** Among the provider's most recent batches, the one created from {@code inputFileId} with our tag. */
    @Override
    public Optional<Seen> find(String inputFileId, String tag) {
        if (inputFileId == null) return Optional.empty(); // never uploaded, so never created
        for (JsonNode b : Json.parse(http.send(http.request(base + "/batches?limit=100").GET(), "list batches")).path("data")) {
            if (b.path("input_file_id").asText().equals(inputFileId) && b.at("/metadata/broker_upstream_batch").asText().equals(tag)) {
                return Optional.of(seen(b));
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Result> results(Seen ended) {
        Map<String, Result> out = new HashMap<>();
        for (String field : List.of("output_file_id", "error_file_id")) {
            String file = ended.raw().path(field).asText(null);
            if (file == null || file.isBlank()) continue;
            for (String l : http.send(http.request(base + "/files/" + file + "/content").GET(), "download file " + file).split("\n")) {
                if (l.isBlank()) continue;
                JsonNode line = Json.parse(l);
                JsonNode res = line.path("response");
                out.put(line.path("custom_id").asText(), res.path("status_code").asInt() == 200
                        ? new Result(OpenAiCodec.decodeResponse(res.get("body")), null) : new Result(null, error(line)));
            }
        }
        return out;
    }

    @Override
    public String why(Seen ended) {
        JsonNode data = ended.raw().at("/errors/data");
        return data.isArray() && !data.isEmpty() ? data.get(0).path("message").asText() : "";
    }

    /** A failed line: {@code error} set, or a response with an error status and body. */
    private BrokerException error(JsonNode line) {
        JsonNode res = line.path("response");
        int code = res.path("status_code").asInt(0);
        String message = line.at("/error/message").asText(res.at("/body/error/message").asText(""));
        if (message.isBlank()) message = "request failed in the provider's batch";
        ErrorKind kind = code == 400 ? ErrorKind.INVALID_REQUEST : code == 429 ? ErrorKind.RATE_LIMITED : ErrorKind.UPSTREAM;
        return new BrokerException(kind, "provider " + provider.id() + ": " + message
                + (line.at("/error/code").isTextual() ? " (" + line.at("/error/code").asText() + ")" : ""));
    }

    private static Seen seen(JsonNode b) {
        String status = b.path("status").asText();
        return new Seen(b.path("id").asText(), status, ENDED.contains(status), b);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
