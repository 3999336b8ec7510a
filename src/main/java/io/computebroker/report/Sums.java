package io.computebroker.report;

import java.math.BigDecimal;

/** One group's SQL aggregates, money still in exact nano-USD; {@link #plus} builds the totals row exactly. */
record Sums(long requests, long errors, long unsettled, long fallbacks, long spills, long inputTokens, long cachedInputTokens,
            long outputTokens, long reasoningTokens, BigDecimal costNusd, BigDecimal baselineNusd, BigDecimal cacheSavingsNusd,
            BigDecimal batchSavingsNusd) {
    static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    Sums plus(Sums o) {
        return new Sums(Math.addExact(requests, o.requests), Math.addExact(errors, o.errors), Math.addExact(unsettled, o.unsettled),
                Math.addExact(fallbacks, o.fallbacks), Math.addExact(spills, o.spills),
                Math.addExact(inputTokens, o.inputTokens), Math.addExact(cachedInputTokens, o.cachedInputTokens),
                Math.addExact(outputTokens, o.outputTokens), Math.addExact(reasoningTokens, o.reasoningTokens),
                costNusd.add(o.costNusd), baselineNusd.add(o.baselineNusd), cacheSavingsNusd.add(o.cacheSavingsNusd),
                batchSavingsNusd.add(o.batchSavingsNusd));
    }
}
