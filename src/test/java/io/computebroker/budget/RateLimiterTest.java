package io.computebroker.budget;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Both rate limiters against the same expectations; the Redis one also shared by two nodes. */
class RateLimiterTest {
    static final Instant MINUTE = Instant.parse("2030-01-01T10:15:00Z");
    final TestRedis redis = new TestRedis();

    @AfterEach
    void cleanUp() { redis.close(); }

    List<RateLimiter> limiters() {
        return List.of(new LocalRateLimiter(), new RedisRateLimiter(redis.client(), redis.prefix));
    }

    @Test
    void requestsPerMinuteAreCountedPerKeyAndResetWithTheNextMinute() {
        for (RateLimiter rl : limiters()) {
            for (int i = 0; i < 3; i++) assertThat(rl.admit("key_a", 3, null, 0, MINUTE.plusSeconds(i)).allowed()).isTrue();
            Admission refused = rl.admit("key_a", 3, null, 0, MINUTE.plusSeconds(45));
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.reason()).contains("3 requests per minute");
            assertThat(refused.retryAfterSeconds()).isEqualTo(15);
            assertThat(rl.admit("key_b", 3, null, 0, MINUTE.plusSeconds(45)).allowed()).isTrue();
            assertThat(rl.admit("key_a", 3, null, 0, MINUTE.plusSeconds(60)).allowed()).isTrue();
        }
    }

    @Test
    void tokensPerMinuteCountAdmittedPromptsAndLaterCompletions() {
        for (RateLimiter rl : limiters()) {
            assertThat(rl.admit("key_a", null, 1000, 600, MINUTE).allowed()).isTrue();
            assertThat(rl.admit("key_a", null, 1000, 500, MINUTE).allowed()).isFalse();   // 1100 > 1000, not counted
            assertThat(rl.admit("key_a", null, 1000, 400, MINUTE).allowed()).isTrue();    // exactly 1000
            rl.addTokens("key_b", 900, MINUTE);                                            // key_b's completion
            Admission over = rl.admit("key_b", null, 1000, 101, MINUTE.plusSeconds(59));
            assertThat(over.allowed()).isFalse();
            assertThat(over.reason()).contains("1000 tokens per minute");
            assertThat(over.retryAfterSeconds()).isEqualTo(1);
            Admission huge = rl.admit("key_c", null, 1000, 1001, MINUTE);
            assertThat(huge.allowed()).isFalse();
            assertThat(huge.retryAfterSeconds()).isZero();                                  // waiting cannot help
            assertThat(rl.admit("key_d", null, null, 1_000_000, MINUTE)).isEqualTo(Admission.ALLOWED);
        }
    }

    @Test
    void aRequestRefusedForTokensIsNotCountedAgainstRequests() {
        for (RateLimiter rl : limiters()) {
            rl.addTokens("key_a", 1000, MINUTE);
            assertThat(rl.admit("key_a", 2, 1000, 1, MINUTE).allowed()).isFalse();
            assertThat(rl.admit("key_a", 2, 1000, 1, MINUTE).allowed()).isFalse();
            assertThat(rl.admit("key_a", 2, 1000, 0, MINUTE).allowed()).isTrue();
            assertThat(rl.admit("key_a", 2, 1000, 0, MINUTE).allowed()).isTrue();
            assertThat(rl.admit("key_a", 2, 1000, 0, MINUTE).allowed()).isFalse();
        }
    }

    @Test
    void concurrentRequestsAdmitExactlyTheLimitOnOneNode() throws Exception {
        assertThat(admittedConcurrently(List.of(new LocalRateLimiter()), 400, 50)).isEqualTo(50);
    }

    @Test
    void twoRedisNodesShareOneCount() throws Exception {
        RateLimiter a = new RedisRateLimiter(redis.client(), redis.prefix);
        RateLimiter b = new RedisRateLimiter(redis.client(), redis.prefix);
        assertThat(admittedConcurrently(List.of(a, b), 400, 50)).isEqualTo(50);
        assertThat(redis.keys()).allMatch(k -> k.startsWith(redis.prefix + "rate:key_hot:"));
        assertThat(redis.client().ttl(redis.keys().getFirst())).isBetween(1L, 120L);
    }

    static int admittedConcurrently(List<RateLimiter> nodes, int requests, int rpm) throws Exception {
        AtomicInteger admitted = new AtomicInteger();
        Instant now = Instant.now();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                RateLimiter rl = nodes.get(i % nodes.size());
                done.add(pool.submit(() -> {
                    if (rl.admit("key_hot", rpm, null, 10, now).allowed()) admitted.incrementAndGet();
                }));
            }
            for (Future<?> f : done) f.get();
        }
        return admitted.get();
    }
}
