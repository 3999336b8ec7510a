package io.computebroker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.api.openai.OpenAiStreamDecoder;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.ChatResponse;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Any server that speaks OpenAI Chat Completions: OpenAI itself, vLLM, SGLang, Ollama, LM Studio,
 * llama.cpp server, OpenRouter, Mistral. {@code baseUrl} ends before {@code /chat/completions}.
 */
public final class OpenAiCompatibleProvider implements ChatProvider {
    private final HttpUpstream http;
    private final String endpoint;
    private final String apiKey;

    public OpenAiCompatibleProvider(ProviderConfig config, String apiKey) {
        this.http = new HttpUpstream(config);
        this.endpoint = stripSlash(config.baseUrl()) + "/chat/completions";
        this.apiKey = apiKey;
    }

    @Override
    public ChatResponse chat(UpstreamCall call) {
        HttpResponse<InputStream> response = http.send(request(call, false), OpenAiCodec::errorMessage);
        JsonNode body = http.readJson(response);
        return OpenAiCodec.decodeResponse(body);
    }

    @Override
    public void stream(UpstreamCall call, StreamSink sink) {
        HttpResponse<InputStream> response = http.send(request(call, true), OpenAiCodec::errorMessage);
        SsePump.pump(response.body(), new OpenAiStreamDecoder(), sink, http.id());
    }

    private HttpRequest request(UpstreamCall call, boolean stream) {
        JsonNode body = OpenAiCodec.encodeRequest(call.request().withStream(stream), call.model().upstream());
        HttpRequest.Builder b = http.post(endpoint, body, Map.of());
        if (apiKey != null) b.header("authorization", "Bearer " + apiKey);
        if (stream) b.header("accept", "text/event-stream");
        return b.build();
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
