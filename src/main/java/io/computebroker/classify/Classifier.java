package io.computebroker.classify;

import io.computebroker.core.ChatRequest;
import io.computebroker.core.ResponseFormat;
import io.computebroker.tokens.TokenCounter;

/** Extracts {@link Signals} from a request. Pure and fast: no I/O, no model calls. */
public final class Classifier {
    private final TokenCounter tokens;

    public Classifier(TokenCounter tokens) { this.tokens = tokens; }

    public Signals classify(ChatRequest request) {
        boolean json = request.responseFormat() != null && request.responseFormat().kind() != ResponseFormat.Kind.TEXT;
        return new Signals(tokens.countPrompt(request), !request.tools().isEmpty(), request.hasImages(), json);
    }
}
