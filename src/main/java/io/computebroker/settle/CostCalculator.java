package io.computebroker.settle;

import io.computebroker.config.Price;
import io.computebroker.core.Usage;

/**
 * Usage × price card. Cached-input tokens bill at the cached price; cache writes bill at the input
 * price (Anthropic charges a premium for writes, which the price catalog will model later).
 */
public final class CostCalculator {
    private CostCalculator() {}

    public static Cost cost(Usage usage, Price card, boolean estimated) {
        Price price = card.forPrompt(usage.inputTokens());
        long fullPriceInput = usage.inputTokens() - usage.cachedInputTokens();
        return new Cost(
                Price.cost(Math.max(0, fullPriceInput), price.input()),
                Price.cost(usage.cachedInputTokens(), price.cachedInputOrInput()),
                Price.cost(usage.outputTokens(), price.output()),
                estimated, card.version());
    }
}
