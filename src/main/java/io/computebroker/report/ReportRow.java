package io.computebroker.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One group of a report (or the totals, with a null group). Money is USD with 9 decimals, exact.
 * {@code unsettled} counts rows not (yet) settled: pending ones in flight, and ones recovered after a
 * crash, which are billed at their reserved worst case and are neither ok nor errors.
 * {@code savingsPercent} is null when the baseline is zero (nothing to compare with); rates are
 * fractions of {@code requests} (0 when there are none). {@code batchSavingsUsd} is what deferred (batch
 * lane) work saved against the route a synchronous call would have taken (ledger {@code sync_nusd − cost_nusd}).
 */
public record ReportRow(String group, long requests, long errors, long unsettled, long inputTokens, long cachedInputTokens,
                        long outputTokens, long reasoningTokens, BigDecimal costUsd, BigDecimal baselineUsd, BigDecimal savingsUsd,
                        BigDecimal savingsPercent, BigDecimal cacheSavingsUsd, BigDecimal batchSavingsUsd, Percentiles latencyMs, Percentiles ttftMs,
                        double errorRate, double fallbackRate, double spillRate) {

    static ReportRow of(String group, Sums s, Percentiles latency, Percentiles ttft) {
        BigDecimal cost = Money.usd(s.costNusd());
        BigDecimal baseline = Money.usd(s.baselineNusd());
        BigDecimal savings = baseline.subtract(cost);
        BigDecimal percent = baseline.signum() == 0 ? null
                : savings.multiply(BigDecimal.valueOf(100)).divide(baseline, 2, RoundingMode.HALF_UP);
        return new ReportRow(group, s.requests(), s.errors(), s.unsettled(), s.inputTokens(), s.cachedInputTokens(),
                s.outputTokens(), s.reasoningTokens(), cost, baseline, savings, percent, Money.usd(s.cacheSavingsNusd()),
                Money.usd(s.batchSavingsNusd()), latency, ttft,
                rate(s.errors(), s.requests()), rate(s.fallbacks(), s.requests()), rate(s.spills(), s.requests()));
    }

    private static double rate(long part, long whole) { return whole == 0 ? 0 : (double) part / whole; }
}
