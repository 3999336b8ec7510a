package io.computebroker.economics;

import java.math.BigDecimal;

/**
 * One model's price moving from {@code prev*} to the new values (USD per 1M tokens) in a price version.
 * The {@code prev*} fields are null for the first market price of a model whose configured card had none.
 */
public record PriceChange(String versionId, String model, String marketId, BigDecimal input, BigDecimal cachedInput,
                          BigDecimal output, Long contextLength, BigDecimal prevInput, BigDecimal prevCachedInput,
                          BigDecimal prevOutput, Long prevContextLength) {

    PriceChange inVersion(String v) {
        return new PriceChange(v, model, marketId, input, cachedInput, output, contextLength, prevInput, prevCachedInput, prevOutput,
                prevContextLength);
    }
}
