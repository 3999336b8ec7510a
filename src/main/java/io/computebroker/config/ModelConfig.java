package io.computebroker.config;

import java.util.List;
import java.util.Set;

/**
 * A model the broker can route to: which provider serves it under which upstream name, where it runs
 * (boundary, region), what it costs, how much context it takes and what it can do.
 * {@code marketId} names the model in a marketplace price feed ({@code prices refresh}; default: the
 * upstream name); {@code pinPrice} true keeps the configured price whatever the feed says.
 */
public record ModelConfig(String id, String provider, String upstream, Boundary boundary, String region,
                          Price price, Integer contextWindow, Set<Capability> capabilities, List<String> aliases,
                          Integer defaultMaxTokens, Simulation simulation, String marketId, Boolean pinPrice) {
    public ModelConfig {
        if (upstream == null) upstream = id;
        if (region == null) region = "unknown";
        if (price == null) price = Price.FREE;
        if (contextWindow == null) contextWindow = 128_000;
        // EnumSet keeps a stable, declared order for listings; the view keeps the record immutable.
        capabilities = capabilities == null || capabilities.isEmpty() ? Set.of(Capability.CHAT)
                : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(capabilities));
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        if (defaultMaxTokens == null) defaultMaxTokens = 4096;
        if (marketId == null) marketId = upstream;
        if (pinPrice == null) pinPrice = false;
    }

    /** This model with another price card and context window (the live price catalog applies a market version so). */
    public ModelConfig withPrice(Price p, Integer context) {
        return new ModelConfig(id, provider, upstream, boundary, region, p, context == null ? contextWindow : context, capabilities,
                aliases, defaultMaxTokens, simulation, marketId, pinPrice);
    }

    public boolean can(Capability c) { return capabilities.contains(c); }
}
