package io.computebroker.provider;

import io.computebroker.config.ProviderConfig;
import io.computebroker.core.ChatResponse;
import io.computebroker.provider.sim.SimulatedFleet;

/**
 * The simulated fleet seen as a provider. Each simulated model speaks its configured wire format, so
 * calls go through the real OpenAI-compatible or Anthropic client over loopback HTTP: the demo and the
 * tests exercise exactly the code that talks to real upstreams.
 */
public final class SimulatedProvider implements ChatProvider {
    private final OpenAiCompatibleProvider openAi;
    private final AnthropicProvider anthropic;

    public SimulatedProvider(ProviderConfig config, SimulatedFleet fleet) {
        String base = fleet.baseUrl();
        this.openAi = new OpenAiCompatibleProvider(config.as(ProviderConfig.OPENAI_COMPATIBLE, base + "/v1"), "sim-key");
        this.anthropic = new AnthropicProvider(config.as(ProviderConfig.ANTHROPIC, base), "sim-key");
    }

    private ChatProvider route(UpstreamCall call) {
        return "anthropic".equals(call.model().simulation().format()) ? anthropic : openAi;
    }

    @Override
    public ChatResponse chat(UpstreamCall call) { return route(call).chat(call); }

    @Override
    public void stream(UpstreamCall call, StreamSink sink) { route(call).stream(call, sink); }

    @Override
    public void close() {
        openAi.close();
        anthropic.close();
    }
}
