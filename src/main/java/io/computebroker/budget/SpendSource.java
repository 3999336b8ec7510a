package io.computebroker.budget;

import java.time.Instant;

/**
 * Where a budget's spend so far comes from when a window's counter is first needed (first request of
 * the day, a node restart, a Redis that lost its data). Counters are authoritative after that.
 */
public interface SpendSource {
    long spentNusd(Budget budget, Instant windowStart);
}
