package io.computebroker.economics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A plan as Markdown: workloads, break-even per band with a recommendation, sensitivity tables. */
public final class PlanMarkdown {
    private PlanMarkdown() {}

    public static String render(Plan p, String chartFile) {
        StringBuilder md = new StringBuilder();
        md.append("# Self-hosting plan\n\n");
        md.append(String.format(Locale.ROOT, "Window %s .. %s; records from %s to %s; monthly = observed x %.3f (30-day month).%n%n",
                p.since(), p.until(), p.observedFrom(), p.observedTo(), p.monthlyFactor()));
        md.append("Break-even tokens/month = monthly self-hosting TCO / blended price per token (seed 001). The blended price is what\n")
                .append("the workload really paid per token (cache discounts included). Band TCOs are planning figures, not quotes.\n\n");
        if (p.workloads().isEmpty()) {
            md.append("No ledger records in the window. Import traces (`broker traces import FILE`) or send traffic through the broker.\n");
            return md.toString();
        }
        if (chartFile != null) md.append("![cost curves and break-even points](").append(chartFile).append(")\n\n");
        md.append("## Workloads\n\n");
        md.append("| workload | requests | input/month | cached/month | output/month | cost/month | blended $/1M | sensitive | route mix | $/accepted | p95 ms | cache hit | retry | batch-eligible | utilisation |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Plan.WorkloadPlan wp : p.workloads()) {
            Workload w = wp.workload();
            md.append("| ").append(w.name()).append(" | ").append(w.requests()).append(" | ").append(Units.tokens(wp.monthlyInputTokens()))
                    .append(" | ").append(Units.tokens(wp.monthlyCachedTokens())).append(" | ").append(Units.tokens(wp.monthlyOutputTokens()))
                    .append(" | $").append(Units.usd(wp.monthlyCostUsd())).append(" | ").append(wp.blendedUsdPerMillion() == null ? "-" : money(wp.blendedUsdPerMillion()))
                    .append(" | ").append(pct(w.sensitiveShare())).append(" | ").append(mix(w)).append(" | ")
                    .append(w.costPerAcceptedUsd() == null ? "-" : "$" + Units.usd(w.costPerAcceptedUsd())).append(" | ")
                    .append(w.p95LatencyMs() == null ? "-" : w.p95LatencyMs()).append(" | ").append(pct(w.cacheHitRate())).append(" | ")
                    .append(pct(w.retryRate())).append(" | ").append(w.batchEligibleShare() == null ? "-" : pct(w.batchEligibleShare()))
                    .append(" | ").append(w.meanUtilisation() == null ? "-" : pct(w.meanUtilisation())).append(" |\n");
        }
        md.append("\n## Break-even by workload\n");
        for (Plan.WorkloadPlan wp : p.workloads()) {
            md.append("\n### ").append(wp.workload().name()).append("\n\n");
            md.append(String.format(Locale.ROOT, "%s tokens/month at %s per 1M, $%s/month. Posture for this volume: %s%n%n",
                    Units.tokens(wp.monthlyTokens()), wp.blendedUsdPerMillion() == null ? "-" : "$" + money(wp.blendedUsdPerMillion()),
                    Units.usd(wp.monthlyCostUsd()), wp.posture() == null ? "-" : wp.posture()));
            md.append("| band | TCO/month | break-even tokens/month | volume / break-even | saving/month | takes the task |\n");
            md.append("|---|---:|---:|---:|---:|---|\n");
            for (Plan.BandCase c : wp.cases()) {
                md.append("| ").append(c.band().name()).append(" | $").append(Units.usd(c.band().monthlyTcoUsd())).append(" | ")
                        .append(c.breakEvenTokens() == null ? "-" : Units.tokens(c.breakEvenTokens().doubleValue())).append(" | ")
                        .append(c.volumeRatio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", c.volumeRatio())).append(" | ")
                        .append(Units.signedUsd(c.monthlySavingUsd())).append(" | ").append(c.takesTask() ? "yes" : "no").append(" |\n");
            }
            md.append("\n**Recommendation (").append(wp.recommendation().action()).append(")**: ").append(wp.recommendation().text()).append('\n');
        }
        if (!p.owned().isEmpty()) {
            md.append("\n## Owned capacity: what it is saving\n\n");
            md.append("Monthly TCO against what the same tokens would have cost at the ledger's baseline model.\n\n");
            md.append("| provider | hardware | tokens/month | utilisation | effective $/1M | TCO/month | baseline/month | saving/month |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (Plan.Owned o : p.owned()) {
                md.append("| ").append(o.provider()).append(" | ").append(o.hardware()).append(" | ").append(Units.tokens(o.monthlyTokens()))
                        .append(" | ").append(String.format(Locale.ROOT, "%.1f%%", 100 * o.utilisation())).append(" | ")
                        .append(o.effectiveUsdPerMillion() == null ? "-" : money(o.effectiveUsdPerMillion())).append(" | $")
                        .append(Units.usd(o.monthlyTcoUsd())).append(" | $").append(Units.usd(o.monthlyBaselineUsd())).append(" | ")
                        .append(Units.signedUsd(o.monthlySavingUsd())).append(" |\n");
            }
        }
        md.append("\n## Sensitivity: depreciation life x utilisation (USD per 1M tokens)\n");
        for (Plan.Sensitivity s : p.sensitivity()) {
            md.append("\n").append(s.hardware()).append("\n\n| life | ")
                    .append(s.utilisations().stream().map(u -> pct(u) + " busy").collect(Collectors.joining(" | "))).append(" |\n|---|")
                    .append(" ---: |".repeat(s.utilisations().size())).append('\n');
            for (int i = 0; i < s.lifeYears().size(); i++) {
                md.append("| ").append(s.lifeYears().get(i)).append(" y | ")
                        .append(s.usdPerMillion().get(i).stream().map(v -> v.setScale(4, RoundingMode.HALF_UP).toPlainString()).collect(Collectors.joining(" | ")))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String mix(Workload w) {
        long total = w.routes().stream().mapToLong(Workload.Route::requests).sum();
        List<String> parts = w.routes().stream().limit(3)
                .map(r -> (r.model() == null ? "?" : r.model()) + " " + pct(total == 0 ? 0 : (double) r.requests() / total)).toList();
        return String.join(", ", parts) + (w.routes().size() > 3 ? ", …" : "");
    }

    private static String money(BigDecimal perMillion) { return perMillion.setScale(4, RoundingMode.HALF_UP).toPlainString(); }

    static String pct(double v) { return String.format(Locale.ROOT, "%.0f%%", 100 * v); }
}
