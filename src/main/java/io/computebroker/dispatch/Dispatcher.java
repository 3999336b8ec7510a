package io.computebroker.dispatch;

import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.ErrorKind;
import io.computebroker.decide.Decision;
import io.computebroker.provider.ChatProvider;
import io.computebroker.provider.Providers;
import io.computebroker.provider.StreamSink;
import io.computebroker.provider.UpstreamCall;

import java.util.Map;

/**
 * The dispatch stage: the last point before bytes leave. It resolves the decided model's provider and
 * sends the call. (The routing engine adds attempts, fallbacks and the second boundary check here.)
 */
public final class Dispatcher {
    private final Providers providers;

    public Dispatcher(Providers providers) { this.providers = providers; }

    public ChatResponse complete(String requestId, io.computebroker.core.ChatRequest request, Decision decision,
                                 Map<String, String> forwardHeaders) {
        return provider(decision).chat(call(requestId, request, decision, forwardHeaders));
    }

    public void stream(String requestId, io.computebroker.core.ChatRequest request, Decision decision,
                       Map<String, String> forwardHeaders, StreamSink sink) {
        provider(decision).stream(call(requestId, request, decision, forwardHeaders), sink);
    }

    private ChatProvider provider(Decision d) {
        return providers.chat(d.model().provider()).orElseThrow(() -> new BrokerException(ErrorKind.UNAVAILABLE,
                "provider '" + d.model().provider() + "' is not available"));
    }

    private static UpstreamCall call(String requestId, io.computebroker.core.ChatRequest request, Decision d,
                                     Map<String, String> forwardHeaders) {
        return new UpstreamCall(requestId, request, d.model(), forwardHeaders);
    }
}
