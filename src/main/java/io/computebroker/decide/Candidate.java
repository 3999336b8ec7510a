package io.computebroker.decide;

import java.math.BigDecimal;

/**
 * One model as the decide stage saw it: kept or rejected, and why, with the figures that ranked it.
 * {@code expectedCostUsd} is for this request's tokens; {@code costPerAccepted} = cost / quality.
 */
public record Candidate(String model, String provider, String boundary, boolean eligible, String reason,
                        BigDecimal expectedCostUsd, double quality, BigDecimal costPerAccepted, Long expectedLatencyMs) {}
