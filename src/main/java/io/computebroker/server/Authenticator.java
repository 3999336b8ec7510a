package io.computebroker.server;

import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.identify.KeyStore;
import io.computebroker.identify.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The identify stage at the edge: a virtual key from {@code Authorization: Bearer …} (OpenAI clients)
 * or {@code x-api-key} (Anthropic clients). There is no unauthenticated mode.
 */
final class Authenticator {
    private static final io.helidon.http.HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private final KeyStore keys;

    Authenticator(KeyStore keys) { this.keys = keys; }

    Principal authenticate(ServerRequest req) {
        String presented = req.headers().first(X_API_KEY).orElse(null);
        if (presented == null) {
            String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) presented = auth.substring(7).strip();
        }
        if (presented == null || presented.isEmpty()) {
            throw new BrokerException(ErrorKind.AUTHENTICATION,
                    "missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
        }
        return keys.authenticate(presented).orElseThrow(() -> new BrokerException(ErrorKind.AUTHENTICATION,
                "invalid or revoked API key"));
    }
}
