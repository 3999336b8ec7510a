package io.computebroker.decide;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ModelConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Models by id and alias. Immutable; a new catalog replaces the old one when configuration changes. */
public final class ModelCatalog {
    private final List<ModelConfig> models;
    private final Map<String, ModelConfig> byName = new HashMap<>();

    public ModelCatalog(BrokerConfig config) {
        this.models = config.models();
        for (ModelConfig m : models) {
            byName.put(m.id(), m);
            for (String a : m.aliases()) byName.put(a, m);
        }
    }

    public Optional<ModelConfig> find(String name) { return Optional.ofNullable(byName.get(name)); }

    public List<ModelConfig> all() { return models; }
}
