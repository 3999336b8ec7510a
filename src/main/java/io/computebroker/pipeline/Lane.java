package io.computebroker.pipeline;

import io.computebroker.config.ModelConfig;
import io.computebroker.settle.Cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * How deferred (batch) work may be served, given to the pipeline with the exchange: the models the lane
 * allows (owned ones while they are idle, or those with a discounted batch route), the discount each
 * served model's provider gives (0 for none), and the model a synchronous call would have gone to, so
 * the ledger can show what deferring saved. Routing, budgets and settling are the pipeline's as for any call.
 *
 * @param name      recorded in the ledger's {@code lane} column, e.g. {@code batch-owned}
 * @param syncRoute the choice the router makes for the same request without a lane (null: unknown)
 */
public record Lane(String name, Predicate<ModelConfig> allows, ToDoubleFunction<ModelConfig> discount, ModelConfig syncRoute) {

    /** The route left no model for this request; nothing was reserved, recorded or sent. */
    public static final class Empty extends RuntimeException {
        public Empty(String message) { super(message, null, false, false); }
    }

    /** {@code cost} at the served model's batch price: each part times (1 − discount). */
    public Cost discounted(ModelConfig served, Cost cost) {
        double d = served == null ? 0 : discount.applyAsDouble(served);
        if (d <= 0) return cost;
        BigDecimal keep = BigDecimal.ONE.subtract(BigDecimal.valueOf(d));
        return new Cost(scale(cost.inputUsd(), keep), scale(cost.cachedInputUsd(), keep), scale(cost.outputUsd(), keep), cost.estimated());
    }

    private static BigDecimal scale(BigDecimal usd, BigDecimal keep) {
        return usd.multiply(keep).setScale(12, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
