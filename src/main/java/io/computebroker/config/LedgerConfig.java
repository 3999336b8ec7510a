package io.computebroker.config;

/**
 * Where records and shared counters live, and how costs are compared.
 *
 * @param store         {@code postgres://…} for many nodes; null for embedded SQLite under server.dataDir
 * @param redis         {@code redis://host:port} for budget reservations and rate limits shared by nodes; null: in-process
 * @param baselineModel the reference model for baseline cost (default: the catalog's dearest frontier model)
 * @param node          this node's name in the ledger (default: host name)
 * @param fsync         fsync the journal on every record (survives power loss, not only kill -9; slower)
 * @param redisPrefix   prefix of every Redis key (lets several brokers share one Redis)
 */
public record LedgerConfig(String store, String redis, String baselineModel, String node, Boolean fsync, String redisPrefix) {
    public LedgerConfig {
        if (fsync == null) fsync = false;
        if (redisPrefix == null) redisPrefix = "cb:";
        if (store != null && !store.startsWith("postgres")) {
            throw new IllegalArgumentException("ledger.store must be a postgres:// URL (leave it out for embedded SQLite)");
        }
        if (redis != null && !redis.startsWith("redis://")) throw new IllegalArgumentException("ledger.redis must be a redis:// URL");
    }

    public static LedgerConfig defaults() { return new LedgerConfig(null, null, null, null, null, null); }

    public LedgerConfig withStore(String s) { return new LedgerConfig(s, redis, baselineModel, node, fsync, redisPrefix); }

    public LedgerConfig withRedis(String r) { return new LedgerConfig(store, r, baselineModel, node, fsync, redisPrefix); }

    public LedgerConfig withRedisPrefix(String p) { return new LedgerConfig(store, redis, baselineModel, node, fsync, p); }

    public LedgerConfig withBaselineModel(String m) { return new LedgerConfig(store, redis, m, node, fsync, redisPrefix); }

    public LedgerConfig withNode(String n) { return new LedgerConfig(store, redis, baselineModel, n, fsync, redisPrefix); }
}
