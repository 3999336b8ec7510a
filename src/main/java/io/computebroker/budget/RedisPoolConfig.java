package io.computebroker.budget;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;

import java.time.Duration;

/**
 * Pool settings for a {@code JedisPooled} used from virtual threads (the gateway serves each request on
 * one). Jedis' default pool waits "forever" (maxWait -1), and commons-pool2 2.12 then busy-spins in
 * {@code GenericObjectPool.create} while another thread opens a connection: spinning virtual threads
 * never yield their carrier, so on a small machine the connection being opened never gets one and every
 * request hangs. A positive maxWait makes waiters block in {@code Object.wait} instead (seen here with
 * 500 virtual threads on 2 cores; the budget tests use this config).
 */
public final class RedisPoolConfig {
    private RedisPoolConfig() {}

    /** Use as {@code new JedisPooled(RedisPoolConfig.forVirtualThreads(64, Duration.ofSeconds(2)), host, port)}. */
    public static GenericObjectPoolConfig<Connection> forVirtualThreads(int maxConnections, Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) throw new IllegalArgumentException("maxWait must be positive, see class comment");
        GenericObjectPoolConfig<Connection> c = new GenericObjectPoolConfig<>();
        c.setMaxTotal(maxConnections);
        c.setMaxIdle(maxConnections);      // keep what a burst opened: reconnecting is what makes waiters wait
        c.setMaxWait(maxWait);
        c.setBlockWhenExhausted(true);
        c.setJmxEnabled(false);
        return c;
    }
}
