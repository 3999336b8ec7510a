package io.computebroker.economics;

import java.math.BigDecimal;
import java.util.List;

/**
 * One workload (feature × task class) over the plan window, as measured in the ledger: volumes, spend,
 * the share of confidential-or-above requests, the route mix, and seed 004's derived metrics.
 */
public record Workload(String feature, String task, long requests, long inputTokens, long cachedTokens, long outputTokens, BigDecimal costUsd,
                       double sensitiveShare, List<Route> routes, Long p95LatencyMs, long accepted, double cacheHitRate, double retryRate,
                       Double batchEligibleShare, Double meanUtilisation) {

    /** Where the workload's requests went. */
    public record Route(String model, String boundary, long requests, long tokens, BigDecimal costUsd) {}

    public Workload {
        routes = List.copyOf(routes);
    }

    public long totalTokens() { return inputTokens + outputTokens; }

    /** "feature / task", with placeholders for untagged traffic. */
    public String name() { return (feature == null ? "(no feature)" : feature) + " / " + (task == null ? "(no task)" : task); }

    /** Every request served on owned capacity. */
    public boolean allOwned() { return !routes.isEmpty() && routes.stream().allMatch(r -> "owned".equals(r.boundary())); }

    /** Spend over accepted outputs, or null when nothing was accepted. */
    public BigDecimal costPerAcceptedUsd() {
        return accepted == 0 ? null : costUsd.divide(BigDecimal.valueOf(accepted), 9, java.math.RoundingMode.HALF_UP);
    }
}
