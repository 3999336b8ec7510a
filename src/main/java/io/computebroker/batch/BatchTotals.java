package io.computebroker.batch;

import java.util.Map;

/**
 * What a batch's items add up to: the OpenAI request counts (completed = answered 2xx; failed = error,
 * expired or cancelled), tokens, and the broker's money view — cost as billed, what the same usage would
 * have cost on the synchronous route, and items per route.
 */
public record BatchTotals(int total, int completed, int failed, int pending, long inputTokens, long cachedTokens,
                          long outputTokens, long reasoningTokens, long costNusd, long syncNusd, Map<String, Integer> routes) {
    public BatchTotals {
        routes = Map.copyOf(routes);
    }
}
