package io.computebroker.decide;

import io.computebroker.classify.Signals;
import io.computebroker.config.Capability;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ErrorKind;
import io.computebroker.provider.ProviderStatus;
import io.computebroker.provider.Providers;

/**
 * The decide stage. For now: the requested model (by id or alias), if it exists, its provider is
 * usable, and it can do what the request needs. Every refusal says what to change.
 */
public final class Decider {
    private final ModelCatalog catalog;
    private final Providers providers;

    public Decider(ModelCatalog catalog, Providers providers) {
        this.catalog = catalog;
        this.providers = providers;
    }

    public Decision decide(ChatRequest request, Signals signals) {
        ModelConfig model = catalog.find(request.model()).orElseThrow(() -> new BrokerException(ErrorKind.NOT_FOUND,
                "model '" + request.model() + "' does not exist; GET /v1/models lists the models this broker serves", "model"));
        if (!model.can(Capability.CHAT)) {
            throw BrokerException.invalid("model", "model '" + model.id() + "' does not serve chat (capabilities: " + model.capabilities() + ")");
        }
        ProviderStatus status = providers.status(model.provider());
        if (!status.available()) {
            throw new BrokerException(ErrorKind.UNAVAILABLE, "model '" + model.id() + "' is unavailable: provider '"
                    + status.id() + "' has " + status.reason(), "model");
        }
        if (signals.hasTools() && !model.can(Capability.TOOLS)) {
            throw BrokerException.invalid("tools", "model '" + model.id() + "' does not support tools");
        }
        if (signals.hasImages() && !model.can(Capability.VISION)) {
            throw BrokerException.invalid("messages", "model '" + model.id() + "' does not accept images");
        }
        if (signals.promptTokens() > model.contextWindow()) {
            throw BrokerException.invalid("messages", "the prompt has about " + signals.promptTokens()
                    + " tokens, more than the " + model.contextWindow() + "-token context window of '" + model.id() + "'");
        }
        String reason = request.model().equals(model.id()) ? "requested model" : "alias of " + model.id();
        return new Decision(request.model(), model, reason);
    }
}
