package io.computebroker.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;

import java.util.Map;

/**
 * A report as JSON (snake_case, money at full precision). {@code throughput} maps owned provider ids
 * to their sustained tokens/s from config; when a provider is in it, its utilisation is added.
 */
public final class ReportJson {
    private ReportJson() {}

    public static ObjectNode toJson(Report r, Map<String, Double> throughput) {
        ObjectNode root = Json.object().put("object", "report").put("group_by", r.query().groupBy().wire())
                .put("since", r.query().since().toString()).put("until", r.query().until().toString());
        if (r.query().tenant() == null) root.putNull("tenant");
        else root.put("tenant", r.query().tenant());
        ArrayNode rows = root.putArray("rows");
        for (ReportRow row : r.rows()) rows.add(row(row));
        root.set("total", row(r.total()));
        ArrayNode owned = root.putArray("owned");
        for (OwnedUsage o : r.owned()) {
            ObjectNode n = owned.addObject().put("provider", o.provider()).put("tokens", o.tokens())
                    .put("tokens_per_second", o.tokensPerSecond());
            Double capacity = throughput.get(o.provider());
            if (capacity != null) n.put("throughput_tokens_per_second", capacity).put("utilisation", o.tokensPerSecond() / capacity);
        }
        return root;
    }

    static ObjectNode row(ReportRow row) {
        ObjectNode n = Json.object();
        if (row.group() == null) n.putNull("group");
        else n.put("group", row.group());
        n.put("requests", row.requests()).put("errors", row.errors()).put("unsettled", row.unsettled())
                .put("input_tokens", row.inputTokens())
                .put("cached_input_tokens", row.cachedInputTokens()).put("output_tokens", row.outputTokens())
                .put("reasoning_tokens", row.reasoningTokens());
        JsonOut.decimal(n, "cost_usd", row.costUsd());
        JsonOut.decimal(n, "baseline_usd", row.baselineUsd());
        JsonOut.decimal(n, "savings_usd", row.savingsUsd());
        JsonOut.decimal(n, "savings_percent", row.savingsPercent());
        JsonOut.decimal(n, "cache_savings_usd", row.cacheSavingsUsd());
        JsonOut.decimal(n, "batch_savings_usd", row.batchSavingsUsd());
        n.set("latency_ms", percentiles(row.latencyMs()));
        n.set("ttft_ms", percentiles(row.ttftMs()));
        return n.put("error_rate", row.errorRate()).put("fallback_rate", row.fallbackRate()).put("spill_rate", row.spillRate());
    }

    private static ObjectNode percentiles(Percentiles p) {
        ObjectNode n = Json.object();
        n.put("p50", p.p50()).put("p95", p.p95()).put("p99", p.p99());
        return n;
    }
}
