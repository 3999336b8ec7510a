package io.computebroker.budget;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate limits for one node: the current minute's counts per key, updated inside
 * {@link ConcurrentHashMap#compute}, which makes check-and-count atomic per key without a lock of ours.
 */
public final class LocalRateLimiter implements RateLimiter {
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong prunedMinute = new AtomicLong();

    private record Window(long minute, long requests, long tokens) {}

    @Override
    public Admission admit(String keyId, Integer rpmLimit, Integer tpmLimit, long tokens, Instant now) {
        if (rpmLimit == null && tpmLimit == null) return Admission.ALLOWED;
        long minute = RateLimiter.minute(now);
        long requestTokens = Math.max(0, tokens);
        String[] refusal = {null};
        windows.compute(keyId, (k, w) -> {
            // A thread that read the clock just before the minute turned counts in the newer minute.
            Window cur = w == null || w.minute() < minute ? new Window(minute, 0, 0) : w;
            if (rpmLimit != null && cur.requests() + 1 > rpmLimit) refusal[0] = "rpm";
            else if (tpmLimit != null && requestTokens > tpmLimit) refusal[0] = "large";
            else if (tpmLimit != null && cur.tokens() + requestTokens > tpmLimit) refusal[0] = "tpm";
            else return new Window(cur.minute(), cur.requests() + 1, cur.tokens() + requestTokens);
            return cur;
        });
        prune(minute);
        return refusal[0] == null ? Admission.ALLOWED
                : Admission.refused(refusal[0], rpmLimit, tpmLimit, tokens, RateLimiter.secondsToNextMinute(now));
    }

    /** Once a minute, forget keys idle since an earlier minute so the map holds only active keys. */
    private void prune(long minute) {
        long last = prunedMinute.get();
        if (last < minute && prunedMinute.compareAndSet(last, minute)) windows.values().removeIf(w -> w.minute() < minute);
    }

    @Override
    public void addTokens(String keyId, long tokens, Instant now) {
        long minute = RateLimiter.minute(now);
        windows.compute(keyId, (k, w) -> w == null || w.minute() < minute
                ? new Window(minute, 0, tokens) : new Window(w.minute(), w.requests(), w.tokens() + tokens));
    }
}
