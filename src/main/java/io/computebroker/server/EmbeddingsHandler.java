package io.computebroker.server;

import io.computebroker.config.Capability;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.WireFormat;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.provider.EmbeddingProvider;
import io.computebroker.provider.Providers;
import io.computebroker.provider.embed.EmbeddingsCodec;
import io.computebroker.provider.embed.EmbeddingsRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/** POST /v1/embeddings (OpenAI format), served by an embedding-capable model's provider. */
final class EmbeddingsHandler {
    private final Authenticator auth;
    private final ModelCatalog catalog;
    private final Providers providers;
    private final long maxBodyBytes;

    EmbeddingsHandler(Authenticator auth, ModelCatalog catalog, Providers providers, long maxBodyBytes) {
        this.auth = auth;
        this.catalog = catalog;
        this.providers = providers;
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(ServerRequest req, ServerResponse res) {
        try {
            auth.authenticate(req);
            EmbeddingsRequest request = EmbeddingsCodec.decode(Http.jsonBody(req, maxBodyBytes));
            ModelConfig model = catalog.find(request.model()).orElseThrow(() -> new BrokerException(ErrorKind.NOT_FOUND,
                    "model '" + request.model() + "' does not exist; GET /v1/models lists the models this broker serves", "model"));
            if (!model.can(Capability.EMBEDDINGS)) {
                throw BrokerException.invalid("model", "model '" + model.id() + "' does not serve embeddings");
            }
            EmbeddingProvider provider = providers.embedding(model.provider()).orElseThrow(() ->
                    BrokerException.invalid("model", "model '" + model.id() + "' is served by provider '" + model.provider()
                            + "', which does not offer embeddings through this broker"));
            List<float[]> vectors = provider.embed(request.inputs(), model);
            long tokens = provider.countTokens(request.inputs());
            res.header("x-broker-model", model.id());
            res.header("x-broker-boundary", model.boundary().wire());
            Http.json(res, 200, EmbeddingsCodec.encodeResponse(model.id(), vectors, request.base64(), tokens));
        } catch (BrokerException e) {
            Http.error(res, WireFormat.OPENAI, e);
        }
    }
}
