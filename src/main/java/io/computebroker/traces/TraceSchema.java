package io.computebroker.traces;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trace import contract (seed 004's trace kit): column names for CSV headers and JSONL keys,
 * case-insensitive, with the aliases provider logs and notebooks commonly use.
 *
 * <pre>
 * field           required  meaning
 * time            yes       ISO-8601 instant (2026-11-01T08:00:00Z) or epoch seconds / milliseconds
 * workflow        yes       the feature or workflow the call served (alias: feature)
 * provider        yes       who served it
 * model           yes       which model served it
 * input_tokens    yes       prompt tokens, cached ones included
 * cached_tokens   no        prompt tokens read from a cache (default 0; at most input_tokens)
 * output_tokens   yes       completion tokens, reasoning included
 * latency_ms      no        end-to-end latency
 * ttft_ms         no        time to first token (at most latency_ms)
 * status          yes       ok | error, or an HTTP status (2xx is ok)
 * accepted        no        the output was accepted downstream (default: status ok)
 * retries         no        retries before the final answer (default 0)
 * cache_hit       no        the provider's prompt cache hit
 * batch_eligible  no        the workflow could have waited for a batch lane
 * cost_usd        no        what the call cost; absent: priced at the catalog card of the same model
 * fallback_route  no        the route that served after the primary failed (empty: none)
 * utilisation     no        utilisation (0..1) of the hardware that served it, as the provider saw it
 * task            no        task class (classify, extract, … as in x-broker-task)
 * sensitivity     no        public | internal | confidential | restricted
 * boundary        no        owned | private-cloud | marketplace | frontier (default: the catalog model's)
 * id              no        the provider's request id (makes re-imports idempotent across files)
 * </pre>
 * Booleans: true/false, yes/no, 1/0 (empty: absent).
 */
public final class TraceSchema {
    public static final List<String> REQUIRED = List.of("time", "workflow", "provider", "model", "input_tokens", "output_tokens", "status");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("feature", "workflow"), Map.entry("timestamp", "time"), Map.entry("ts", "time"),
            Map.entry("cached_input_tokens", "cached_tokens"), Map.entry("prompt_tokens", "input_tokens"),
            Map.entry("completion_tokens", "output_tokens"), Map.entry("latency", "latency_ms"),
            Map.entry("time_to_first_token_ms", "ttft_ms"), Map.entry("ttft", "ttft_ms"), Map.entry("cost", "cost_usd"),
            Map.entry("utilization", "utilisation"), Map.entry("fallback", "fallback_route"), Map.entry("request_id", "id"));

    public static final List<String> FIELDS = List.of("time", "workflow", "provider", "model", "input_tokens", "cached_tokens",
            "output_tokens", "latency_ms", "ttft_ms", "status", "accepted", "retries", "cache_hit", "batch_eligible", "cost_usd",
            "fallback_route", "utilisation", "task", "sensitivity", "boundary", "id");

    private TraceSchema() {}

    /** The canonical field a column name means, or null when it is not part of the contract. */
    public static String canonical(String column) {
        String c = column.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        c = ALIASES.getOrDefault(c, c);
        return FIELDS.contains(c) ? c : null;
    }
}
