package io.computebroker.util;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.function.Function;

/**
 * A value computed from a text, remembered for long texts. Conversations and agents resend the same system
 * prompt, tool schemas and history on every turn; a lookup costs a hash and an equality check of the text,
 * far less than a pass over it. Keyed by the text itself, so two texts share a value only when they are
 * equal. Bounded by the characters held; texts shorter than {@code minChars} are computed every time (for
 * them a lookup costs about as much). Cache maintenance runs on the caller (amortised), not as a
 * common-pool task per write.
 */
public final class TextMemo<V> {
    private final int minChars;
    private final Function<String, V> compute;
    private final Cache<String, V> values;

    /** {@code idle}: drop a text this long after its last use (null: only when the bound needs room). */
    public TextMemo(int minChars, long maxChars, Duration idle, Function<String, V> compute) {
        this.minChars = minChars;
        this.compute = compute;
        Caffeine<String, V> b = Caffeine.newBuilder().maximumWeight(maxChars).weigher((String k, V v) -> k.length());
        if (idle != null) b.expireAfterAccess(idle);
        this.values = b.executor(Runnable::run).build();
    }

    public V get(String text) {
        return text.length() < minChars ? compute.apply(text) : values.get(text, compute);
    }

    /** Texts held now (for tests). */
    public long size() {
        values.cleanUp();
        return values.estimatedSize();
    }
}
