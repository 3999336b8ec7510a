package io.computebroker.budget;

import java.time.Instant;

/**
 * One concrete budget window: {@code key} names it in counters (e.g. {@code d2025-03-01}, {@code m2025-03},
 * {@code total}); spend counts from {@code start} inclusive to {@code end} exclusive. {@code end} is null
 * for the {@code total} window, which never ends.
 */
public record WindowSpan(String key, Instant start, Instant end) {
    public boolean endless() { return end == null; }
}
