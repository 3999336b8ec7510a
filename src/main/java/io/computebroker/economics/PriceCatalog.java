package io.computebroker.economics;

import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;
import io.computebroker.decide.ModelCatalog;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts the store's current price version into the live catalog routing and billing read. A market card keeps
 * the configured long-context tier (feeds carry one price per model); pinned models keep their configured card.
 */
public final class PriceCatalog {
    private PriceCatalog() {}

    /** Applies the newest version; returns its id ({@link PriceVersion#CONFIG} before any refresh). */
    public static String apply(ModelCatalog catalog, PriceStore store) {
        PriceVersion v = store.current();
        String version = v == null ? PriceVersion.CONFIG : v.id();
        Map<String, PriceChange> latest = store.latestByModel();
        Map<String, Price> prices = new HashMap<>();
        Map<String, Integer> contexts = new HashMap<>();
        for (ModelConfig m : catalog.configured()) {
            PriceChange ch = latest.get(m.id());
            if (ch == null || m.pinPrice()) continue;
            prices.put(m.id(), new Price(ch.input(), ch.cachedInput(), ch.output(), m.price().longContext()));
            if (ch.contextLength() != null) contexts.put(m.id(), (int) Math.min(Integer.MAX_VALUE, ch.contextLength()));
        }
        catalog.apply(version, prices, contexts);
        return version;
    }
}
