package io.computebroker.settle;

import java.math.BigDecimal;

/**
 * What a call cost in USD, split by token kind, whether usage was estimated rather than reported, and the
 * price-catalog version it was billed at (null: the configured card, no market version).
 */
public record Cost(BigDecimal inputUsd, BigDecimal cachedInputUsd, BigDecimal outputUsd, boolean estimated, String priceVersion) {
    public static final Cost ZERO = new Cost(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, false);

    public Cost(BigDecimal inputUsd, BigDecimal cachedInputUsd, BigDecimal outputUsd, boolean estimated) {
        this(inputUsd, cachedInputUsd, outputUsd, estimated, null);
    }

    public BigDecimal totalUsd() { return inputUsd.add(cachedInputUsd).add(outputUsd); }

    /** Total as a plain decimal string with micro-dollar precision, for headers and tables. */
    public String totalUsdText() {
        return totalUsd().setScale(6, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
