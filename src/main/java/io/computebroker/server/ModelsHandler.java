package io.computebroker.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.config.Capability;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Json;
import io.computebroker.core.WireFormat;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.provider.ProviderStatus;
import io.computebroker.provider.Providers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * GET /v1/models in the caller's format. Models whose provider is unusable are listed with
 * {@code available: false} and the reason, so a missing key is visible rather than a silent gap.
 */
final class ModelsHandler {
    private static final String EPOCH_ISO = "2026-01-01T00:00:00Z";
    private final Authenticator auth;
    private final ModelCatalog catalog;
    private final Providers providers;

    ModelsHandler(Authenticator auth, ModelCatalog catalog, Providers providers) {
        this.auth = auth;
        this.catalog = catalog;
        this.providers = providers;
    }

    void handle(ServerRequest req, ServerResponse res) {
        WireFormat format = Http.formatOf(req);
        try {
            auth.authenticate(req);
            Http.json(res, 200, format == WireFormat.ANTHROPIC ? anthropic() : openAi());
        } catch (BrokerException e) {
            Http.error(res, format, e);
        }
    }

    private ObjectNode openAi() {
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        // 'auto' first: the model name that lets the broker choose (clients that list models can pick it).
        data.addObject().put("id", "auto").put("object", "model").put("created", 0).put("owned_by", "compute-broker")
                .put("available", providers.anyAvailable()).put("description", "routed by policy to the cheapest model that can do the work");
        for (ModelConfig m : catalog.all()) {
            ProviderStatus s = providers.status(m.provider());
            ObjectNode n = data.addObject().put("id", m.id()).put("object", "model").put("created", 0).put("owned_by", m.provider());
            n.put("available", s.available());
            if (!s.available()) n.put("unavailable_reason", s.reason());
            n.put("boundary", m.boundary().wire()).put("region", m.region()).put("context_window", m.contextWindow());
            ArrayNode caps = n.putArray("capabilities");
            for (Capability c : m.capabilities()) caps.add(c.json());
            ObjectNode price = n.putObject("pricing_usd_per_1m_tokens");
            price.put("input", m.price().input()).put("cached_input", m.price().cachedInputOrInput()).put("output", m.price().output());
            if (!m.aliases().isEmpty()) {
                ArrayNode a = n.putArray("aliases");
                m.aliases().forEach(a::add);
            }
        }
        return root;
    }

    private ObjectNode anthropic() {
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        data.addObject().put("type", "model").put("id", "auto").put("display_name", "auto (routed by policy)").put("created_at", EPOCH_ISO);
        for (ModelConfig m : catalog.all()) {
            if (!m.can(Capability.CHAT)) continue;
            data.addObject().put("type", "model").put("id", m.id()).put("display_name", m.id()).put("created_at", EPOCH_ISO);
        }
        root.put("has_more", false);
        if (!data.isEmpty()) {
            root.put("first_id", data.get(0).get("id").asText());
            root.put("last_id", data.get(data.size() - 1).get("id").asText());
        } else {
            root.putNull("first_id");
            root.putNull("last_id");
        }
        return root;
    }
}
