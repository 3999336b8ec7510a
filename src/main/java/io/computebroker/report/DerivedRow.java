package io.computebroker.report;

import java.math.BigDecimal;

/**
 * Seed 004's derived metrics for one group: cost per accepted output (all spend, retries and rejected
 * outputs included, over accepted outputs; null when nothing was accepted), p95 latency, and rates over
 * requests. {@code batchEligibleShare} and {@code meanUtilisation} come from trace records that state
 * them (null when none does). {@code external}: how many of the requests are imported trace records.
 */
public record DerivedRow(String group, long requests, long accepted, BigDecimal costUsd, BigDecimal costPerAcceptedUsd, Long p95LatencyMs,
                         double acceptedRate, double cacheHitRate, double retryRate, Double batchEligibleShare, Double meanUtilisation,
                         long external) {}
