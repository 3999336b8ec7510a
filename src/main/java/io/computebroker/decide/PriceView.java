package io.computebroker.decide;

import io.computebroker.capacity.Capacity;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;
import io.computebroker.config.ProviderConfig;
import io.computebroker.provider.Providers;

import java.math.BigDecimal;

/**
 * The price routing uses for a model: its price card, or for an owned provider with a hardware
 * profile, the effective price per 1M tokens at the provider's current utilisation.
 */
record PriceView(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

    static PriceView of(ModelConfig m, Providers providers, Capacity capacity, long promptTokens) {
        ProviderConfig pc = providers.config(m.provider());
        if (pc != null && pc.hardware() != null) {
            BigDecimal eff = pc.hardware().effectivePricePerMillion(capacity.utilisation(m.provider()));
            return new PriceView(eff, eff);
        }
        Price card = m.price().forPrompt(promptTokens);
        return new PriceView(card.input(), card.output());
    }

    BigDecimal cost(long inputTokens, long outputTokens) {
        return Price.cost(inputTokens, inputPerMillion).add(Price.cost(outputTokens, outputPerMillion));
    }
}
