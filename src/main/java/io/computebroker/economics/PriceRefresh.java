package io.computebroker.economics;

import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a marketplace feed with the catalog's current prices and records what moved as a new version.
 * A model matches a feed entry by its {@code marketId} (default: its upstream name, e.g. {@code z-ai/glm-5.2}).
 * Models with {@code pinPrice: true} keep their configured card and are reported as pinned. A feed with no
 * change writes nothing: versions are changes, not polls.
 */
public final class PriceRefresh {

    /** What a refresh did: the new version (null when nothing changed), the changes, pinned matches, feed counts. */
    public record Result(PriceVersion version, List<PriceChange> changes, List<String> pinned, int matched, int feedEntries, int skipped,
                         List<String> skippedReasons) {}

    private PriceRefresh() {}

    public static Result run(List<ModelConfig> configured, PriceStore store, PriceFeed.Parsed feed, String source, String actor, Instant now) {
        Map<String, MarketPrice> byId = new HashMap<>();
        for (MarketPrice p : feed.prices()) byId.put(p.id(), p);
        Map<String, PriceChange> latest = store.latestByModel();
        List<PriceChange> changes = new ArrayList<>();
        List<String> pinned = new ArrayList<>();
        int matched = 0;
        for (ModelConfig m : configured) {
            MarketPrice p = byId.get(m.marketId());
            if (p == null) p = byId.get(m.id());
            if (p == null) continue;
            matched++;
            if (m.pinPrice()) {
                pinned.add(m.id());
                continue;
            }
            Current cur = current(m, latest.get(m.id()));
            Long context = p.contextLength() != null ? p.contextLength() : cur.context();
            if (same(cur.input(), p.input()) && same(cur.cached(), p.cachedInput()) && same(cur.output(), p.output())
                    && Objects.equals(cur.context(), context)) {
                continue;
            }
            changes.add(new PriceChange(null, m.id(), p.id(), p.input(), p.cachedInput(), p.output(), context,
                    cur.input(), cur.cached(), cur.output(), cur.context()));
        }
        PriceVersion v = changes.isEmpty() ? null : store.write(source, actor, now, changes);
        List<PriceChange> stamped = v == null ? List.of() : changes.stream().map(c -> c.inVersion(v.id())).toList();
        return new Result(v, stamped, List.copyOf(pinned), matched, feed.prices().size() + feed.skipped(), feed.skipped(), feed.reasons());
    }

    private record Current(BigDecimal input, BigDecimal cached, BigDecimal output, Long context) {}

    /** The model's price now: its newest market price, else its configured card. */
    private static Current current(ModelConfig m, PriceChange last) {
        if (last != null) return new Current(last.input(), last.cachedInput(), last.output(), last.contextLength());
        Price p = m.price();
        return new Current(p.input(), p.cachedInput(), p.output(), m.contextWindow() == null ? null : m.contextWindow().longValue());
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
