package io.computebroker.economics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Seed 001: "self-host break-even tokens/month = monthly self-hosting TCO / provider blended price per token".
 * Exact decimals: a $3.8k/month stack against a $12.50/M blended route breaks even at 304M tokens/month.
 */
public final class BreakEven {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private BreakEven() {}

    /** Tokens a month at which {@code monthlyTcoUsd} equals the route's spend; null when the route costs nothing. */
    public static BigDecimal tokensPerMonth(BigDecimal monthlyTcoUsd, BigDecimal blendedUsdPerMillion) {
        if (blendedUsdPerMillion == null || blendedUsdPerMillion.signum() <= 0) return null;
        return monthlyTcoUsd.multiply(MILLION).divide(blendedUsdPerMillion, 0, RoundingMode.HALF_UP);
    }

    /** Blended USD per 1M tokens of a spend over a volume; null for no tokens. */
    public static BigDecimal blendedPerMillion(BigDecimal costUsd, double tokens) {
        if (!(tokens > 0)) return null;
        return costUsd.multiply(MILLION).divide(BigDecimal.valueOf(tokens), new MathContext(12)).setScale(6, RoundingMode.HALF_UP);
    }

    /** Seed 001's 70/30 input/output blend of a price card (USD per 1M), the snapshot's "blended no-cache" column. */
    public static BigDecimal blend7030(BigDecimal input, BigDecimal output) {
        return input.multiply(new BigDecimal("0.7")).add(output.multiply(new BigDecimal("0.3")));
    }
}
