package io.computebroker.budget;

import java.time.Instant;

/**
 * Per-key requests-per-minute and tokens-per-minute limits over fixed UTC minutes (00–59 s). Fixed
 * windows are cheap and shareable by name across nodes; the price is that a client may send up to twice
 * the limit across a minute boundary, which is acceptable for abuse protection (budgets cap money).
 */
public interface RateLimiter {
    /**
     * Counts one request of {@code tokens} (the prompt estimate) if both limits allow it; a refused
     * request is not counted. Null limits are not enforced; with both null nothing is tracked.
     */
    Admission admit(String keyId, Integer rpmLimit, Integer tpmLimit, long tokens, Instant now);

    /** Adds tokens learnt after admission (the completion) to the key's current minute. */
    void addTokens(String keyId, long tokens, Instant now);

    static long minute(Instant now) { return Math.floorDiv(now.getEpochSecond(), 60); }

    static long secondsToNextMinute(Instant now) { return 60 - Math.floorMod(now.getEpochSecond(), 60); }
}
