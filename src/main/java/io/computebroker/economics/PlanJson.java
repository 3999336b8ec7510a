package io.computebroker.economics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;

import java.math.BigDecimal;

/** A plan as JSON (snake_case; money and prices as exact decimals, tokens as numbers). */
public final class PlanJson {
    private PlanJson() {}

    public static ObjectNode toJson(Plan p) {
        ObjectNode root = Json.object().put("object", "plan").put("since", p.since().toString()).put("until", p.until().toString())
                .put("observed_from", p.observedFrom().toString()).put("observed_to", p.observedTo().toString())
                .put("monthly_factor", p.monthlyFactor());
        ArrayNode bands = root.putArray("bands");
        for (Bands.Band b : p.bands().bands()) {
            ObjectNode n = bands.addObject().put("id", b.id()).put("name", b.name()).put("monthly_tco_usd", b.monthlyTcoUsd());
            ArrayNode t = n.putArray("tasks");
            b.tasks().forEach(t::add);
        }
        ArrayNode ws = root.putArray("workloads");
        for (Plan.WorkloadPlan wp : p.workloads()) {
            Workload w = wp.workload();
            ObjectNode n = ws.addObject().put("feature", w.feature()).put("task", w.task()).put("requests", w.requests());
            n.putObject("window").put("input_tokens", w.inputTokens()).put("cached_tokens", w.cachedTokens())
                    .put("output_tokens", w.outputTokens()).put("cost_usd", w.costUsd());
            n.putObject("monthly").put("input_tokens", Math.round(wp.monthlyInputTokens())).put("cached_tokens", Math.round(wp.monthlyCachedTokens()))
                    .put("output_tokens", Math.round(wp.monthlyOutputTokens())).put("total_tokens", Math.round(wp.monthlyTokens()))
                    .put("cost_usd", wp.monthlyCostUsd());
            n.put("blended_usd_per_million", wp.blendedUsdPerMillion()).put("sensitive_share", w.sensitiveShare()).put("posture", wp.posture());
            ArrayNode mix = n.putArray("route_mix");
            for (Workload.Route r : w.routes()) {
                mix.addObject().put("model", r.model()).put("boundary", r.boundary()).put("requests", r.requests()).put("tokens", r.tokens())
                        .put("cost_usd", r.costUsd());
            }
            n.putObject("derived").put("accepted", w.accepted()).put("cost_per_accepted_usd", w.costPerAcceptedUsd())
                    .put("p95_latency_ms", w.p95LatencyMs()).put("cache_hit_rate", w.cacheHitRate()).put("retry_rate", w.retryRate())
                    .put("batch_eligible_share", w.batchEligibleShare()).put("mean_utilisation", w.meanUtilisation());
            ArrayNode cases = n.putArray("break_even");
            for (Plan.BandCase c : wp.cases()) {
                cases.addObject().put("band", c.band().id()).put("monthly_tco_usd", c.band().monthlyTcoUsd())
                        .put("break_even_tokens", c.breakEvenTokens() == null ? null : c.breakEvenTokens().toBigInteger().longValue())
                        .put("volume_ratio", c.volumeRatio()).put("monthly_saving_usd", c.monthlySavingUsd()).put("takes_task", c.takesTask());
            }
            n.putObject("recommendation").put("action", wp.recommendation().action()).put("band", wp.recommendation().band())
                    .put("text", wp.recommendation().text());
        }
        ArrayNode owned = root.putArray("owned");
        for (Plan.Owned o : p.owned()) {
            owned.addObject().put("provider", o.provider()).put("hardware", o.hardware()).put("monthly_tokens", Math.round(o.monthlyTokens()))
                    .put("utilisation", o.utilisation()).put("effective_usd_per_million", o.effectiveUsdPerMillion())
                    .put("monthly_tco_usd", o.monthlyTcoUsd()).put("monthly_baseline_usd", o.monthlyBaselineUsd())
                    .put("monthly_saving_usd", o.monthlySavingUsd());
        }
        ArrayNode sens = root.putArray("sensitivity");
        for (Plan.Sensitivity s : p.sensitivity()) {
            ObjectNode n = sens.addObject().put("hardware", s.hardware());
            ArrayNode rows = n.putArray("rows");
            for (int i = 0; i < s.lifeYears().size(); i++) {
                ObjectNode row = rows.addObject().put("life_years", s.lifeYears().get(i));
                ObjectNode cells = row.putObject("usd_per_million_by_utilisation");
                for (int j = 0; j < s.utilisations().size(); j++) {
                    BigDecimal v = s.usdPerMillion().get(i).get(j);
                    cells.put(String.valueOf(s.utilisations().get(j)), v);
                }
            }
        }
        return root;
    }
}
