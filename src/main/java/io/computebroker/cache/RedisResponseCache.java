package io.computebroker.cache;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.Optional;

/** Exact cache shared by nodes: one Redis string per key with the entry's TTL. */
public final class RedisResponseCache implements ResponseCache {
    private final UnifiedJedis redis;
    private final String prefix;

    public RedisResponseCache(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix + "cache:";
    }

    @Override
    public Optional<Entry> get(String key) {
        String v = redis.get(prefix + key);
        return v == null ? Optional.empty() : Optional.of(EntryCodec.read(v));
    }

    @Override
    public void put(String key, Entry entry, Duration ttl) {
        redis.set(prefix + key, EntryCodec.write(entry), SetParams.setParams().px(Math.max(1, ttl.toMillis())));
    }
}
