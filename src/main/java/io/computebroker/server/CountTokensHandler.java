package io.computebroker.server;

import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Json;
import io.computebroker.core.WireFormat;
import io.computebroker.tokens.TokenCounter;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * POST /v1/messages/count_tokens. An estimate with the o200k tokenizer: Anthropic's tokenizer is not
 * public, and the estimate is what the broker itself uses for budgets and context checks.
 */
final class CountTokensHandler {
    private final Authenticator auth;
    private final TokenCounter tokens;
    private final long maxBodyBytes;

    CountTokensHandler(Authenticator auth, TokenCounter tokens, long maxBodyBytes) {
        this.auth = auth;
        this.tokens = tokens;
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(ServerRequest req, ServerResponse res) {
        try {
            auth.authenticate(req);
            ChatRequest request = AnthropicCodec.decodeCountTokensRequest(Http.jsonBody(req, maxBodyBytes));
            Http.json(res, 200, Json.object().put("input_tokens", tokens.countPrompt(request)));
        } catch (BrokerException e) {
            Http.error(res, WireFormat.ANTHROPIC, e);
        }
    }
}
