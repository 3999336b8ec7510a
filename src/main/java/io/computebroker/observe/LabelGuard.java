package io.computebroker.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a label's cardinality bounded. Tenants come from keys and models from config, but a feature tag
 * is whatever a caller sends in {@code x-broker-feature}: without a cap one misbehaving client could
 * create a time series per request. The first {@code maxValues} distinct values are kept (trimmed to
 * {@value #MAX_LENGTH} characters); later ones are reported as {@value #OTHER}. A value is never dropped
 * once admitted, so a series does not flap between its name and "other".
 */
final class LabelGuard {
    static final String OTHER = "_other";
    static final String NONE = "none";
    static final int MAX_LENGTH = 64;

    private final int maxValues;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    LabelGuard(int maxValues) {
        if (maxValues < 1) throw new IllegalArgumentException("maxValues must be >= 1");
        this.maxValues = maxValues;
    }

    String of(String raw) {
        if (raw == null || raw.isBlank()) return NONE;
        String v = raw.length() > MAX_LENGTH ? raw.substring(0, MAX_LENGTH) : raw;
        if (admitted.contains(v)) return v;
        // Racing threads may admit a few past the cap; the bound stays within maxValues + threads.
        if (admitted.size() >= maxValues) return OTHER;
        admitted.add(v);
        return v;
    }
}
