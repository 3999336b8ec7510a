package io.computebroker.decide;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Models by id and alias, at the current price version. Each view is immutable; a market price refresh
 * swaps in a new one atomically ({@link #apply}), so a decision sees one consistent set of prices and the
 * cost it settles carries the version its card came from ({@link Price#version()}).
 */
public final class ModelCatalog {
    private final List<ModelConfig> configured;
    private volatile View view;

    private record View(List<ModelConfig> models, Map<String, ModelConfig> byName, String priceVersion) {}

    public ModelCatalog(BrokerConfig config) {
        this.configured = config.models();
        this.view = view(configured, null);
    }

    private static View view(List<ModelConfig> models, String version) {
        Map<String, ModelConfig> byName = new HashMap<>();
        for (ModelConfig m : models) {
            byName.put(m.id(), m);
            for (String a : m.aliases()) byName.put(a, m);
        }
        return new View(List.copyOf(models), Map.copyOf(byName), version);
    }

    public Optional<ModelConfig> find(String name) { return Optional.ofNullable(view.byName().get(name)); }

    public List<ModelConfig> all() { return view.models(); }

    /** The price version routing and billing use now (null: configured prices only). */
    public String priceVersion() { return view.priceVersion(); }

    /** The models as configured, before any market price. */
    public List<ModelConfig> configured() { return configured; }

    /**
     * Makes {@code version} current: models named in {@code prices} take that card (and context window, when
     * given), every other model keeps its configured card; all cards are stamped with the version.
     */
    public void apply(String version, Map<String, Price> prices, Map<String, Integer> contextWindows) {
        List<ModelConfig> next = new ArrayList<>(configured.size());
        for (ModelConfig m : configured) {
            Price p = prices.getOrDefault(m.id(), m.price());
            next.add(m.withPrice(p.withVersion(version), contextWindows.get(m.id())));
        }
        this.view = view(next, version);
    }
}
