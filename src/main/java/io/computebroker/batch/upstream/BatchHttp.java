package io.computebroker.batch.upstream;

import io.computebroker.config.ProviderConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP for the batch APIs: the provider's timeouts and configured headers plus the auth headers, and
 * failures sorted into {@link ProviderBatchApi.Refused} (an error status: nothing was done) and
 * {@link ProviderBatchApi.Unknown}. Auth header values never appear in messages or logs.
 */
final class BatchHttp {
    private final ProviderConfig provider;
    private final Map<String, String> auth;
    private final HttpClient http;

    BatchHttp(ProviderConfig provider, Map<String, String> auth) {
        this.provider = provider;
        this.auth = Map.copyOf(auth);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(provider.connectTimeoutMs())).build();
    }

    HttpRequest.Builder request(String url) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(provider.timeoutMs()));
        provider.headers().forEach(r::header);
        auth.forEach(r::header);
        return r;
    }

    String send(HttpRequest.Builder r, String what) {
        HttpResponse<String> res;
        try {
            res = http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProviderBatchApi.Unknown("provider " + provider.id() + ": cannot " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderBatchApi.Unknown("interrupted while trying to " + what, e);
        }
        if (res.statusCode() / 100 != 2) {
            String body = res.body() == null ? "" : res.body();
            throw new ProviderBatchApi.Refused(res.statusCode(), "provider " + provider.id() + " refused to " + what + " (HTTP "
                    + res.statusCode() + "): " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
        return res.body();
    }

    static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
