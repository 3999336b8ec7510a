package io.computebroker.decide;

import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;

import java.math.BigDecimal;

/**
 * The price routing uses for a model: its price card (at the catalog's current version), or for an owned
 * provider with a hardware profile, the effective price per 1M tokens at the provider's utilisation.
 */
record PriceView(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

    static PriceView of(ModelConfig m, OwnedPricing owned, long promptTokens) {
        BigDecimal eff = owned.perMillion(m.provider());
        if (eff != null) return new PriceView(eff, eff);
        Price card = m.price().forPrompt(promptTokens);
        return new PriceView(card.input(), card.output());
    }

    BigDecimal cost(long inputTokens, long outputTokens) {
        return Price.cost(inputTokens, inputPerMillion).add(Price.cost(outputTokens, outputPerMillion));
    }
}
