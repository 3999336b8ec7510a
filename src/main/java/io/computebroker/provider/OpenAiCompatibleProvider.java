package io.computebroker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.api.openai.OpenAiStreamDecoder;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.ChatResponse;

import java.util.Map;

/**
 * Any server that speaks OpenAI Chat Completions: OpenAI itself, vLLM, SGLang, Ollama, LM Studio,
 * llama.cpp server, OpenRouter, Mistral. {@code baseUrl} (or each of {@code replicas}) ends before
 * {@code /chat/completions}. With several replicas, each call goes to the one its prompt prefix hashes to
 * ({@link ReplicaSet}); one pooled client serves them all, since the JDK client pools per host.
 */
public final class OpenAiCompatibleProvider implements ChatProvider {
    private final HttpUpstream http;
    private final ReplicaSet replicas;
    private final String apiKey;

    public OpenAiCompatibleProvider(ProviderConfig config, String apiKey) {
        this.http = new HttpUpstream(config);
        this.replicas = new ReplicaSet(config.replicaUrls(), config.replicaMaxInFlight());
        this.apiKey = apiKey;
    }

    @Override
    public ChatResponse chat(UpstreamCall call) {
        try (ReplicaSet.Lease replica = replicas.acquire(prefixKey(call))) {
            HttpUpstream.Response response = http.send(request(replica.url(), call, false), OpenAiCodec::errorMessage);
            JsonNode body = http.readJson(response);
            return OpenAiCodec.decodeResponse(body);
        }
    }

    @Override
    public void stream(UpstreamCall call, StreamSink sink) {
        // The slot is held until the pump returns: a stream occupies the server until its last token.
        try (ReplicaSet.Lease replica = replicas.acquire(prefixKey(call))) {
            HttpUpstream.Response response = http.send(request(replica.url(), call, true), OpenAiCodec::errorMessage);
            SsePump.pump(response.body(), new OpenAiStreamDecoder(), sink, http.id());
        }
    }

    /** With one replica there is nothing to choose, so the prompt is not even hashed. */
    private long prefixKey(UpstreamCall call) {
        return replicas.size() == 1 ? 0L : PrefixKey.of(call.request());
    }

    /** The replicas and their in-flight counts, for status and tests. */
    public ReplicaSet replicas() { return replicas; }

    private HttpUpstream.Request request(String baseUrl, UpstreamCall call, boolean stream) {
        JsonNode body = OpenAiCodec.encodeRequest(call.request().withStream(stream), call.model().upstream());
        HttpUpstream.Request b = http.post(stripSlash(baseUrl) + "/chat/completions", body, Map.of());
        if (apiKey != null) b.header("authorization", "Bearer " + apiKey);
        if (stream) b.header("accept", "text/event-stream");
        return b;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() { http.close(); }
}
