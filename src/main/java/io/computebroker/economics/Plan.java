package io.computebroker.economics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What {@code broker plan} computes: per workload the monthly volume and spend, the break-even against each
 * self-hosting band, seed 001's posture and a recommendation; plus depreciation-life × utilisation
 * sensitivity tables. {@code monthlyFactor} scales the observed span to 30 days.
 */
public record Plan(Instant since, Instant until, Instant observedFrom, Instant observedTo, double monthlyFactor, Bands bands,
                   List<WorkloadPlan> workloads, List<Owned> owned, List<Sensitivity> sensitivity) {

    /**
     * What an owned provider is saving: its monthly TCO against what the tokens it served would have cost at the
     * ledger's baseline model. Utilisation and effective price are measured over the observed span.
     */
    public record Owned(String provider, String hardware, double monthlyTokens, double utilisation, BigDecimal effectiveUsdPerMillion,
                        BigDecimal monthlyTcoUsd, BigDecimal monthlyBaselineUsd, BigDecimal monthlySavingUsd) {}

    /** One band against one workload. {@code breakEvenTokens} null: the workload's routes cost nothing. */
    public record BandCase(Bands.Band band, boolean takesTask, BigDecimal breakEvenTokens, Double volumeRatio, BigDecimal monthlySavingUsd) {}

    /** {@code action}: self-host, own-for-control, stay-routed or already-owned; {@code band} null when none applies. */
    public record Recommendation(String action, String band, String text) {}

    public record WorkloadPlan(Workload workload, double monthlyInputTokens, double monthlyCachedTokens, double monthlyOutputTokens,
                               BigDecimal monthlyCostUsd, BigDecimal blendedUsdPerMillion, String posture, List<BandCase> cases,
                               Recommendation recommendation) {
        public double monthlyTokens() { return monthlyInputTokens + monthlyOutputTokens; }
    }

    /** USD per 1M tokens by depreciation life (rows) and utilisation (columns) for one piece of hardware. */
    public record Sensitivity(String hardware, List<Integer> lifeYears, List<Double> utilisations, List<List<BigDecimal>> usdPerMillion) {}
}
