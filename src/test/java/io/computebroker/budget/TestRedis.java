package io.computebroker.budget;

import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The machine's Redis (127.0.0.1:6379) for tests: every instance has its own key prefix, so parallel
 * and repeated runs never see each other's keys, and {@link #close} deletes them and closes its clients.
 */
final class TestRedis implements AutoCloseable {
    final String prefix = "cbtest:" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ":";
    private final List<JedisPooled> clients = new ArrayList<>();

    /** A new client with its own pool: one per simulated node. */
    JedisPooled client() {
        JedisPooled c = new JedisPooled(RedisPoolConfig.forVirtualThreads(32, Duration.ofSeconds(5)), "127.0.0.1", 6379);
        clients.add(c);
        return c;
    }

    List<String> keys() {
        JedisPooled c = clients.isEmpty() ? client() : clients.getFirst();
        List<String> out = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = c.scan(cursor, new ScanParams().match(prefix + "*").count(500));
            out.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return out;
    }

    @Override
    public void close() {
        List<String> left = keys();
        if (!left.isEmpty()) clients.getFirst().del(left.toArray(String[]::new));
        clients.forEach(JedisPooled::close);
    }
}
