package io.computebroker.provider;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.ProviderConfig;
import io.computebroker.config.Secrets;
import io.computebroker.provider.sim.SimulatedFleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured upstreams, built once at start. A provider whose key is missing is kept, marked
 * unavailable with the reason (so {@code /v1/models} can say why), never silently dropped.
 */
public final class Providers implements AutoCloseable {
    private final Map<String, ProviderStatus> status = new LinkedHashMap<>();
    private final Map<String, ChatProvider> chat = new LinkedHashMap<>();
    private final Map<String, EmbeddingProvider> embedding = new LinkedHashMap<>();
    private final SimulatedFleet fleet;
    private final Map<String, ProviderConfig> configs = new LinkedHashMap<>();

    public Providers(BrokerConfig config, Secrets secrets) {
        SimulatedFleet startedFleet = null;
        for (ProviderConfig p : config.providers()) {
            configs.put(p.id(), p);
            Optional<String> key = secrets.get(p.apiKeyEnv());
            boolean keyMissing = p.keyRequired() && key.isEmpty();
            switch (p.kind()) {
                case ProviderConfig.OPENAI_COMPATIBLE -> {
                    if (!keyMissing) chat.put(p.id(), new OpenAiCompatibleProvider(p, key.orElse(null)));
                }
                case ProviderConfig.ANTHROPIC -> {
                    if (!keyMissing) chat.put(p.id(), new AnthropicProvider(p, key.orElse(null)));
                }
                case ProviderConfig.LOCAL_EMBEDDINGS -> embedding.put(p.id(), new LocalEmbeddingProvider());
                case ProviderConfig.SIMULATED -> {
                    if (startedFleet == null) {
                        List<ModelConfig> simModels = config.models().stream().filter(m -> m.simulation() != null).toList();
                        startedFleet = SimulatedFleet.start(simModels);
                    }
                    chat.put(p.id(), new SimulatedProvider(p, startedFleet));
                }
                default -> throw new IllegalStateException("unvalidated provider kind " + p.kind());
            }
            status.put(p.id(), keyMissing
                    ? new ProviderStatus(p.id(), p.kind(), false, "no API key: set " + p.apiKeyEnv())
                    : new ProviderStatus(p.id(), p.kind(), true, "ok"));
        }
        this.fleet = startedFleet;
    }

    /** For tests: a fixed set of providers, all available. */
    public Providers(Map<String, ChatProvider> chatProviders) {
        this.fleet = null;
        chatProviders.forEach((id, p) -> {
            chat.put(id, p);
            status.put(id, new ProviderStatus(id, "test", true, "ok"));
        });
    }

    public ProviderStatus status(String providerId) { return status.get(providerId); }

    public ProviderConfig config(String providerId) { return configs.get(providerId); }

    public SimulatedFleet fleet() { return fleet; }

    /** The in-process embedding model (loaded on first use), shared by the embeddings API and the semantic cache. */
    public io.computebroker.provider.embed.LocalEmbeddings localEmbeddings() { return LocalEmbeddingProvider.SHARED.get(); }

    public List<ProviderStatus> statuses() { return List.copyOf(status.values()); }

    public boolean anyAvailable() { return status.values().stream().anyMatch(ProviderStatus::available); }

    public Optional<ChatProvider> chat(String providerId) { return Optional.ofNullable(chat.get(providerId)); }

    public Optional<EmbeddingProvider> embedding(String providerId) { return Optional.ofNullable(embedding.get(providerId)); }

    @Override
    public void close() {
        chat.values().forEach(ChatProvider::close);
        if (fleet != null) fleet.close();
    }
}
