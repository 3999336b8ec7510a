package io.computebroker.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;
import io.computebroker.provider.ProviderStatus;
import io.computebroker.provider.Providers;
import io.computebroker.store.Database;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** GET /health (the process is alive) and GET /ready (store open and at least one provider usable). */
final class HealthHandler {
    private final Database db;
    private final Providers providers;

    HealthHandler(Database db, Providers providers) {
        this.db = db;
        this.providers = providers;
    }

    void health(ServerRequest req, ServerResponse res) {
        Http.json(res, 200, Json.object().put("status", "ok"));
    }

    void ready(ServerRequest req, ServerResponse res) {
        boolean store = db.isOpen();
        boolean any = providers.anyAvailable();
        ObjectNode body = Json.object().put("status", store && any ? "ready" : "not_ready");
        body.put("store", store ? "ok" : "unavailable");
        ArrayNode ps = body.putArray("providers");
        for (ProviderStatus s : providers.statuses()) {
            ps.addObject().put("id", s.id()).put("kind", s.kind()).put("available", s.available()).put("reason", s.reason());
        }
        Http.json(res, store && any ? 200 : 503, body);
    }
}
