package io.computebroker.pipeline;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.settle.Cost;
import io.computebroker.settle.Pending;
import io.computebroker.tokens.TokenCounter;

/** How an exchange is billed and recorded as pending, shared by the pipeline and the batch handoff. */
final class Billing {
    private Billing() {}

    static Cost discounted(Exchange ex, ModelConfig served, Cost cost) {
        return ex.lane() == null ? cost : ex.lane().discounted(served, cost);
    }

    /** The usage billed for an answer: the provider's, or (none reported) the prompt estimate and the counted completion. */
    static Usage billedUsage(ChatResponse response, Decision decision, TokenCounter tokens) {
        return response.usage().equals(Usage.ZERO)
                ? new Usage(decision.signals().promptTokens(), 0, 0, tokens.count(response.text()), 0) : response.usage();
    }

    /** The pending record of an exchange (its lane's name and synchronous route included). */
    static Pending pendingOf(Exchange ex, Decision decision, long worstCaseNusd, long createdAtMs) {
        return new Pending(ex.requestId(), ex.principal(), decision, worstCaseNusd, io.computebroker.ledger.PromptText.hash(ex.request()),
                createdAtMs, ex.request(), ex.lane() == null ? null : ex.lane().name(), ex.lane() == null ? null : ex.lane().syncRoute());
    }
}
