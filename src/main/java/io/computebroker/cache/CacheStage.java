package io.computebroker.cache;

import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;

import java.time.Duration;
import java.util.Optional;

/**
 * The cache stage (exact). Only deterministic requests are cached — temperature 0, or a caller that
 * asks with {@code x-broker-cache: on} — and a caller can always opt out with {@code x-broker-cache: off}.
 * Keys include the tenant, so a hit across tenants is impossible by construction.
 */
public final class CacheStage {
    public static final CacheStage NONE = new CacheStage(null);

    public enum Outcome {
        BYPASS, MISS, EXACT_HIT, SEMANTIC_HIT, SEMANTIC_SHADOW;

        public String wire() {
            return switch (this) {
                case BYPASS -> "bypass";
                case MISS, SEMANTIC_SHADOW -> "miss";
                case EXACT_HIT -> "exact";
                case SEMANTIC_HIT -> "semantic";
            };
        }
    }

    /** What the stage found: the key (null when bypassed), the outcome, and the entry on a hit. */
    public record Lookup(String key, Outcome outcome, ResponseCache.Entry entry) {
        public boolean hit() { return outcome == Outcome.EXACT_HIT || outcome == Outcome.SEMANTIC_HIT; }
    }

    private final ResponseCache cache;

    public CacheStage(ResponseCache cache) { this.cache = cache; }

    /** @param preference the caller's {@code x-broker-cache} header: "on", "off" or null */
    public Lookup lookup(ChatRequest req, String preference, Principal p, Decision d) {
        if (cache == null || "off".equalsIgnoreCase(preference)) return new Lookup(null, Outcome.BYPASS, null);
        boolean deterministic = req.temperature() != null && req.temperature() == 0.0;
        if (!deterministic && !"on".equalsIgnoreCase(preference)) return new Lookup(null, Outcome.BYPASS, null);
        String key = CacheKey.of(p.tenant(), d.chosen().id(), req);
        Optional<ResponseCache.Entry> e = cache.get(key);
        return e.map(entry -> new Lookup(key, Outcome.EXACT_HIT, entry)).orElseGet(() -> new Lookup(key, Outcome.MISS, null));
    }

    /** Stores a successful answer under the lookup's key (nothing when bypassed). */
    public void store(Lookup l, ChatResponse response, String model, long costNusd, Duration ttl) {
        if (cache == null || l == null || l.key() == null || l.hit()) return;
        cache.put(l.key(), new ResponseCache.Entry(response, model, costNusd, System.currentTimeMillis()), ttl);
    }

    /** A streamed answer is cacheable when it was plain text (tool-call streams are not rebuilt here). */
    public static ChatResponse fromStream(String id, String model, String text, io.computebroker.core.StopReason stop,
                                          io.computebroker.core.Usage usage) {
        return new ChatResponse(id, model, java.util.List.of(Content.Text.of(text)), stop, usage);
    }
}
