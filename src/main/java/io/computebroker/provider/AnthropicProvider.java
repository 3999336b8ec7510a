package io.computebroker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.anthropic.AnthropicStreamDecoder;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;

/** Anthropic's native Messages API. {@code baseUrl} is the host root (e.g. https://api.anthropic.com). */
public final class AnthropicProvider implements ChatProvider {
    static final String API_VERSION = "2023-06-01";

    private final HttpUpstream http;
    private final String endpoint;
    private final String apiKey;
    private final boolean cacheBreakpoint;

    public AnthropicProvider(ProviderConfig config, String apiKey) {
        this.http = new HttpUpstream(config);
        this.endpoint = OpenAiCompatibleProvider.stripSlash(config.baseUrl()) + "/v1/messages";
        this.apiKey = apiKey;
        this.cacheBreakpoint = config.anthropicCacheBreakpoint();
    }

    @Override
    public ChatResponse chat(UpstreamCall call) {
        HttpUpstream.Response response = http.send(request(call, false), AnthropicCodec::errorMessage);
        JsonNode body = http.readJson(response);
        return AnthropicCodec.decodeResponse(body);
    }

    @Override
    public void stream(UpstreamCall call, StreamSink sink) {
        HttpUpstream.Response response = http.send(request(call, true), AnthropicCodec::errorMessage);
        SsePump.pump(response.body(), new AnthropicStreamDecoder(), sink, http.id());
    }

    private HttpUpstream.Request request(UpstreamCall call, boolean stream) {
        ChatRequest canonical = cacheBreakpoint ? CacheBreakpoint.apply(call.request()) : call.request();
        JsonNode body = AnthropicCodec.encodeRequest(canonical.withStream(stream), call.model().upstream(),
                call.model().defaultMaxTokens());
        HttpUpstream.Request b = http.post(endpoint, body, call.forwardHeaders());
        b.header("anthropic-version", API_VERSION);
        if (apiKey != null) b.header("x-api-key", apiKey);
        if (stream) b.header("accept", "text/event-stream");
        return b;
    }

    @Override
    public void close() { http.close(); }
}
