package io.computebroker.config;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A price card in USD per one million tokens. Exact decimals: money is never a double here.
 * {@code cachedInput} null means the provider has no cached-input discount (billed at {@code input}).
 * {@code longContext}, when set, replaces the card for requests whose prompt exceeds its threshold
 * (seed 001: GPT-5.5 roughly doubles input and adds 50% to output above ~272k tokens).
 * {@code version} is the price-catalog version the card was in force at (null: straight from config).
 */
public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output, LongContext longContext,
                    @com.fasterxml.jackson.annotation.JsonIgnore String version) {
    public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null);

    /** The long-context tier: applies when prompt tokens exceed {@code aboveTokens}. */
    public record LongContext(Long aboveTokens, BigDecimal input, BigDecimal cachedInput, BigDecimal output) {
        public LongContext {
            if (aboveTokens == null || aboveTokens < 1 || input == null || output == null) {
                throw new IllegalArgumentException("price.longContext needs aboveTokens, input and output");
            }
        }
    }

    public Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output) { this(input, cachedInput, output, null, null); }

    public Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output, LongContext longContext) {
        this(input, cachedInput, output, longContext, null);
    }

    /**
     * This card stamped with the price-catalog version it belongs to ({@code version}: not a config key; the
     * live catalog sets it so the ledger can record which version a request was billed at).
     */
    public Price withVersion(String v) { return new Price(input, cachedInput, output, longContext, v); }

    /** The card that applies to a prompt of {@code promptTokens}. */
    public Price forPrompt(long promptTokens) {
        if (longContext == null || promptTokens <= longContext.aboveTokens()) return this;
        return new Price(longContext.input(), longContext.cachedInput(), longContext.output(), null, version);
    }
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public Price {
        if (input == null || output == null) throw new IllegalArgumentException("price needs input and output (USD per 1M tokens)");
        if (input.signum() < 0 || output.signum() < 0 || (cachedInput != null && cachedInput.signum() < 0)) {
            throw new IllegalArgumentException("prices must be >= 0");
        }
    }

    public BigDecimal cachedInputOrInput() { return cachedInput != null ? cachedInput : input; }

    /** Cost in USD of a token count at a per-million rate, kept to micro-dollar precision or better. */
    public static BigDecimal cost(long tokens, BigDecimal perMillion) {
        if (tokens == 0 || perMillion.signum() == 0) return BigDecimal.ZERO;
        BigDecimal exact = exactCost(tokens, perMillion);
        if (exact != null) return exact;
        return perMillion.multiply(BigDecimal.valueOf(tokens)).divide(MILLION, 12, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /**
     * The same value without a division, for the prices a card holds (at most six decimals per million
     * tokens, an unscaled value that fits a long): then tokens × price / 10^6 has at most 12 decimals, so the
     * division's rounding never applies. A request prices several candidates and bills once; the division
     * was most of it. Null when the shortcut does not apply.
     */
    static BigDecimal exactCost(long tokens, BigDecimal perMillion) {
        int scale = perMillion.scale() + 6;
        if (scale > 12 || scale < 0 || perMillion.precision() > 18) return null;
        long unscaled = perMillion.unscaledValue().longValue();
        long product = unscaled * tokens;
        if (Math.multiplyHigh(unscaled, tokens) != product >> 63) return null; // the product does not fit a long
        return BigDecimal.valueOf(product, scale).stripTrailingZeros();
    }
}
