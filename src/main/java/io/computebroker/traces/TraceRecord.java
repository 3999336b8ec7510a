package io.computebroker.traces;

/**
 * One validated trace row, ready to become an external ledger record. Money is nano-USD; nullable fields
 * were absent from the trace. {@code line} is the 1-based physical line of the source file.
 */
public record TraceRecord(int line, String id, long timeMs, String feature, String task, String sensitivity, String provider,
                          String model, String boundary, long inputTokens, long cachedInputTokens, long outputTokens,
                          Long latencyMs, Long ttftMs, boolean ok, Integer httpStatus, boolean accepted, int retries,
                          Boolean cacheHit, Boolean batchEligible, long costNusd, boolean costEstimated, long baselineNusd,
                          String fallbackRoute, Double utilisation) {}
