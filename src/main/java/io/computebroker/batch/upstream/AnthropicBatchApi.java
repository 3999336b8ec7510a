package io.computebroker.batch.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Anthropic's Message Batches API: {@code POST {baseUrl}/v1/messages/batches} with
 * {@code requests: [{custom_id, params}]}, {@code GET {baseUrl}/v1/messages/batches/{id}} until
 * {@code processing_status} is {@code ended}, then its {@code results_url} (JSONL lines
 * {@code {custom_id, result: {type: succeeded|errored|canceled|expired, message | error}}}).
 * A batch has no metadata, so one whose creation was cut short cannot be found again ({@link #canFind} false).
 */
final class AnthropicBatchApi implements ProviderBatchApi {
    static final String VERSION = "2023-06-01";

    private final ProviderConfig provider;
    private final BatchHttp http;
    private final String base;

    AnthropicBatchApi(ProviderConfig provider, String apiKey) {
        this.provider = provider;
        Map<String, String> auth = new HashMap<>();
        auth.put("anthropic-version", VERSION);
        if (apiKey != null) auth.put("x-api-key", apiKey);
        this.http = new BatchHttp(provider, auth);
        this.base = BatchHttp.base(provider.baseUrl());
    }

    @Override
    public Seen create(String tag, List<Line> lines, Consumer<String> inputFile) {
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (Line l : lines) {
            ObjectNode r = requests.addObject();
            r.put("custom_id", l.customId());
            r.set("params", AnthropicCodec.encodeRequest(l.request(), l.model().upstream(), l.model().defaultMaxTokens()));
        }
        return seen(Json.parse(http.send(http.request(base + "/v1/messages/batches").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))), "create the message batch")));
    }

    @Override
    public Seen get(String id) {
        return seen(Json.parse(http.send(http.request(base + "/v1/messages/batches/" + id).GET(), "read message batch " + id)));
    }

    @Override
    public Optional<Seen> find(String inputFileId, String tag) { return Optional.empty(); }

    @Override
    public boolean canFind() { return false; }

    @Override
    public Map<String, Result> results(Seen ended) {
        Map<String, Result> out = new HashMap<>();
        String url = ended.raw().path("results_url").asText(null);
        if (url == null || url.isBlank()) return out;
        for (String l : http.send(http.request(url).GET(), "download the batch results").split("\n")) {
            if (l.isBlank()) continue;
            JsonNode line = Json.parse(l);
            JsonNode result = line.path("result");
            String type = result.path("type").asText();
            out.put(line.path("custom_id").asText(), type.equals("succeeded")
                    ? new Result(AnthropicCodec.decodeResponse(result.get("message")), null) : new Result(null, error(type, result)));
        }
        return out;
    }

    private BrokerException error(String type, JsonNode result) {
        if (!type.equals("errored")) {
            return new BrokerException(ErrorKind.UPSTREAM, "provider " + provider.id() + ": request " + type + " in its message batch");
        }
        // The error is an error response ({type: error, error: {type, message}}); accept the bare inner object too.
        JsonNode err = result.path("error").has("error") ? result.path("error").path("error") : result.path("error");
        String errType = err.path("type").asText("api_error");
        ErrorKind kind = switch (errType) {
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            default -> ErrorKind.UPSTREAM;
        };
        return new BrokerException(kind, "provider " + provider.id() + ": " + err.path("message").asText("request failed in its message batch")
                + " (" + errType + ")");
    }

    private static Seen seen(JsonNode b) {
        String status = b.path("processing_status").asText();
        return new Seen(b.path("id").asText(), status, status.equals("ended"), b);
    }
}
