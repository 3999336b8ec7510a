package io.computebroker.settle;

import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;
import io.computebroker.core.ChatRequest;
import io.computebroker.decide.Decision;

import java.math.BigDecimal;

/**
 * The most a request can cost: its prompt plus the maximum output, at the dearest model it may be
 * dispatched to (fallbacks included). Budgets reserve this before dispatch; a crash bills it. Without
 * a caller max_tokens the model's {@code defaultMaxTokens} is the cap assumed.
 */
public final class WorstCase {
    private WorstCase() {}

    public static BigDecimal usd(Decision decision, ChatRequest request) {
        BigDecimal worst = BigDecimal.ZERO;
        for (ModelConfig m : decision.order()) worst = worst.max(usd(m, decision.signals().promptTokens(), request));
        return worst;
    }

    /** The worst case of one model. */
    public static BigDecimal usd(ModelConfig m, long promptTokens, ChatRequest request) {
        long maxOut = request.maxTokens() != null ? request.maxTokens() : m.defaultMaxTokens();
        Price p = m.price().forPrompt(promptTokens);
        return Price.cost(promptTokens, p.input()).add(Price.cost(maxOut, p.output()));
    }
}
