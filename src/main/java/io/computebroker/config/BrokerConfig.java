package io.computebroker.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole, validated, immutable configuration. Built once by {@link ConfigLoader}; everything that
 * spans fields (unique ids, model → provider links, alias clashes) is checked here, with messages
 * that name the key to change.
 */
public record BrokerConfig(ServerConfig server, List<ProviderConfig> providers, List<ModelConfig> models, LedgerConfig ledger,
                           EconomicsConfig economics) {

    public BrokerConfig {
        server = server == null ? ServerConfig.defaults() : server;
        ledger = ledger == null ? LedgerConfig.defaults() : ledger;
        economics = economics == null ? EconomicsConfig.defaults() : economics;
        providers = providers == null ? List.of() : List.copyOf(providers);
        models = models == null ? List.of() : List.copyOf(models);
        validate(providers, models);
        String baseline = ledger.baselineModel();
        if (baseline != null && models.stream().noneMatch(m -> m.id().equals(baseline))) {
            throw new IllegalArgumentException("ledger.baselineModel '" + baseline + "' is not a configured model");
        }
    }

    public BrokerConfig(ServerConfig server, List<ProviderConfig> providers, List<ModelConfig> models) {
        this(server, providers, models, null, null);
    }

    public BrokerConfig(ServerConfig server, List<ProviderConfig> providers, List<ModelConfig> models, LedgerConfig ledger) {
        this(server, providers, models, ledger, null);
    }

    private static void validate(List<ProviderConfig> providers, List<ModelConfig> models) {
        Set<String> providerIds = new HashSet<>();
        for (int i = 0; i < providers.size(); i++) {
            ProviderConfig p = providers.get(i);
            String at = "providers[" + i + "]";
            if (p.id() == null || p.id().isBlank()) throw new IllegalArgumentException(at + ".id is required");
            if (!providerIds.add(p.id())) throw new IllegalArgumentException(at + ".id '" + p.id() + "' is used twice");
            switch (p.kind() == null ? "" : p.kind()) {
                case ProviderConfig.OPENAI_COMPATIBLE -> {
                    rejectCacheBreakpoint(p, at);
                    if (p.baseUrl() == null && p.replicas().isEmpty()) {
                        throw new IllegalArgumentException(at + ".baseUrl (or .replicas) is required for kind " + p.kind());
                    }
                    // Both at once would leave it unclear whether baseUrl is one more replica or a default.
                    if (p.baseUrl() != null && !p.replicas().isEmpty()) {
                        throw new IllegalArgumentException(at + ": set either .baseUrl or .replicas, not both");
                    }
                }
                case ProviderConfig.ANTHROPIC -> {
                    if (p.baseUrl() == null) throw new IllegalArgumentException(at + ".baseUrl is required for kind " + p.kind());
                    rejectReplicas(p, at);
                }
                case ProviderConfig.LOCAL_EMBEDDINGS, ProviderConfig.SIMULATED -> {
                    rejectReplicas(p, at);
                    rejectCacheBreakpoint(p, at);
                }
                default -> throw new IllegalArgumentException(at + ".kind '" + p.kind()
                        + "' is unknown; expected openai-compatible, anthropic, local-embeddings or simulated");
            }
        }
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelConfig m = models.get(i);
            String at = "models[" + i + "]";
            if (m.id() == null || m.id().isBlank()) throw new IllegalArgumentException(at + ".id is required");
            if (!providerIds.contains(m.provider())) {
                throw new IllegalArgumentException(at + ".provider '" + m.provider() + "' is not one of the configured providers " + providerIds);
            }
            if (m.boundary() == null) throw new IllegalArgumentException(at + ".boundary is required (owned, private-cloud, marketplace, frontier)");
            ProviderConfig p = providers.stream().filter(x -> x.id().equals(m.provider())).findFirst().orElseThrow();
            if (p.kind().equals(ProviderConfig.SIMULATED) && m.simulation() == null) {
                throw new IllegalArgumentException(at + ".simulation is required for a model of a simulated provider");
            }
            for (String name : concat(m.id(), m.aliases())) {
                String prev = names.putIfAbsent(name, m.id());
                if (prev != null) throw new IllegalArgumentException(at + ": name '" + name + "' already names model '" + prev + "'");
            }
        }
    }

    private static void rejectReplicas(ProviderConfig p, String at) {
        if (!p.replicas().isEmpty()) {
            throw new IllegalArgumentException(at + ".replicas is only supported for kind openai-compatible, not " + p.kind());
        }
    }

    private static void rejectCacheBreakpoint(ProviderConfig p, String at) {
        if (p.anthropicCacheBreakpoint()) {
            throw new IllegalArgumentException(at + ".anthropicCacheBreakpoint is only supported for kind anthropic, not " + p.kind());
        }
    }

    private static List<String> concat(String id, List<String> aliases) {
        var all = new java.util.ArrayList<String>(aliases.size() + 1);
        all.add(id);
        all.addAll(aliases);
        return all;
    }

    public Optional<ProviderConfig> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public BrokerConfig withServer(ServerConfig s) { return new BrokerConfig(s, providers, models, ledger, economics); }

    public BrokerConfig withLedger(LedgerConfig l) { return new BrokerConfig(server, providers, models, l, economics); }

    public BrokerConfig withEconomics(EconomicsConfig e) { return new BrokerConfig(server, providers, models, ledger, e); }

    /** The model baseline cost is computed at: configured, else the frontier model with the dearest output. */
    public Optional<ModelConfig> baselineModel() {
        if (ledger.baselineModel() != null) return models.stream().filter(m -> m.id().equals(ledger.baselineModel())).findFirst();
        return models.stream().filter(m -> m.boundary() == Boundary.FRONTIER && m.can(Capability.CHAT))
                .max(java.util.Comparator.comparing((ModelConfig m) -> m.price().output()).thenComparing(m -> m.price().input()));
    }

    /** This config plus another's providers and models (the demo fleet overlays the defaults this way). */
    public BrokerConfig plus(BrokerConfig overlay) {
        var p = new java.util.ArrayList<>(providers);
        p.addAll(overlay.providers());
        var m = new java.util.ArrayList<>(models);
        m.addAll(overlay.models());
        return new BrokerConfig(server, p, m, ledger, economics);
    }
}
