package io.computebroker.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Duration;
import java.util.Optional;

/**
 * In-process exact cache, bounded by bytes (entries are weighed by their serialised size) and with a
 * TTL per entry. Entries are kept serialised: the bound is then real, and a hit can never be mutated.
 */
public final class LocalResponseCache implements ResponseCache {
    private record Stored(String text, long ttlNanos) {}

    private final Cache<String, Stored> cache;

    public LocalResponseCache(long maxBytes) { this(maxBytes, com.github.benmanes.caffeine.cache.Ticker.systemTicker()); }

    /** With an explicit ticker, so TTL tests move time instead of sleeping. */
    public LocalResponseCache(long maxBytes, com.github.benmanes.caffeine.cache.Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumWeight(maxBytes)
                .weigher((String k, Stored v) -> k.length() + v.text().length() * 2)
                .expireAfter(new Expiry<String, Stored>() {
                    @Override public long expireAfterCreate(String k, Stored v, long now) { return v.ttlNanos(); }
                    @Override public long expireAfterUpdate(String k, Stored v, long now, long current) { return v.ttlNanos(); }
                    @Override public long expireAfterRead(String k, Stored v, long now, long current) { return current; }
                })
                // Maintenance on the caller, as for the other request-path caches: a store comes before the answer
                // goes out, and handing the drain to the common pool wakes an idle worker there first.
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Optional<Entry> get(String key) {
        Stored s = cache.getIfPresent(key);
        return s == null ? Optional.empty() : Optional.of(EntryCodec.read(s.text()));
    }

    @Override
    public void put(String key, Entry entry, Duration ttl) {
        cache.put(key, new Stored(EntryCodec.write(entry), ttl.toNanos()));
    }
}
