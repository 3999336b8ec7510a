package io.computebroker.eval.data;

import java.util.Map;

/**
 * One line of a routing data set (JSONL): {@code {"id", "prompt", "task"?, "results": {"<model>":
 * {"score": 0..1, "cost_usd": …}}}}. Every importer produces this; every evaluation reads it.
 * (Costs are evaluation data, so doubles are fine here; the ledger's money is exact.)
 */
public record RoutingExample(String id, String prompt, String task, Map<String, ModelResult> results) {
    public RoutingExample {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("id is required");
        if (prompt == null) throw new IllegalArgumentException("prompt is required (" + id + ")");
        results = Map.copyOf(results);
        if (results.isEmpty()) throw new IllegalArgumentException("results must name at least one model (" + id + ")");
    }
}
