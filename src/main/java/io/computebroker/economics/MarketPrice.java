package io.computebroker.economics;

import java.math.BigDecimal;

/**
 * One model's price in a marketplace feed, USD per 1M tokens. {@code cachedInput} null: the feed gives no
 * cache-read price. {@code contextLength} null: not given.
 */
public record MarketPrice(String id, BigDecimal input, BigDecimal cachedInput, BigDecimal output, Long contextLength) {
    public MarketPrice {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("market price needs an id");
        if (input == null || output == null) throw new IllegalArgumentException(id + ": needs prompt and completion prices");
        if (input.signum() < 0 || output.signum() < 0 || cachedInput != null && cachedInput.signum() < 0) {
            throw new IllegalArgumentException(id + ": prices must be >= 0");
        }
    }
}
