package io.computebroker.budget;

import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.List;

/**
 * Rate limits shared by all nodes: per key and minute a request counter and a token counter, checked
 * and incremented (INCR/INCRBY + EXPIRE) in one Lua call. Keys:
 * {@code <prefix>rate:<keyId>:<minute>:req|tok}, kept two minutes so a clock a little behind still finds them.
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final String KEEP_SECONDS = "120";
    private static final RedisScript ADMIT = RedisScript.resource("rate_admit.lua");
    private static final RedisScript ADD = RedisScript.resource("rate_add.lua");

    private final UnifiedJedis redis;
    private final String keyPrefix;

    public RedisRateLimiter(UnifiedJedis redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    @Override
    public Admission admit(String keyId, Integer rpmLimit, Integer tpmLimit, long tokens, Instant now) {
        if (rpmLimit == null && tpmLimit == null) return Admission.ALLOWED;
        String base = base(keyId, now);
        Object reply = ADMIT.run(redis, List.of(base + ":req", base + ":tok"), List.of(
                rpmLimit == null ? "-1" : rpmLimit.toString(), tpmLimit == null ? "-1" : tpmLimit.toString(),
                Long.toString(Math.max(0, tokens)), KEEP_SECONDS));
        List<?> r = (List<?>) reply;
        if (RedisScript.number(r.get(0)) == 1) return Admission.ALLOWED;
        return Admission.refused(RedisScript.text(r.get(1)), rpmLimit, tpmLimit, tokens, RateLimiter.secondsToNextMinute(now));
    }

    @Override
    public void addTokens(String keyId, long tokens, Instant now) {
        if (tokens <= 0) return;
        ADD.run(redis, List.of(base(keyId, now) + ":tok"), List.of(Long.toString(tokens), KEEP_SECONDS));
    }

    private String base(String keyId, Instant now) { return keyPrefix + "rate:" + keyId + ":" + RateLimiter.minute(now); }
}
