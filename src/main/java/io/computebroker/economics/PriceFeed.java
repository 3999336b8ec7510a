package io.computebroker.economics;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a marketplace model list in the OpenRouter {@code GET /api/v1/models} shape:
 * {@code {"data":[{"id":"z-ai/glm-5.2","context_length":1000000,"pricing":{"prompt":"0.00000095",
 * "completion":"0.000003","input_cache_read":"0.00000018"}}]}}. Prices there are USD per token as decimal
 * strings; they become USD per 1M tokens exactly (a decimal shift, never a double). Entries without a usable
 * price (missing, or negative: OpenRouter's "variable" marker for routers such as {@code openrouter/auto})
 * are skipped and counted, not fatal: one odd entry must not block a refresh of the rest.
 */
public final class PriceFeed {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a feed held: usable prices, and how many entries were skipped and why (first few reasons). */
    public record Parsed(List<MarketPrice> prices, int skipped, List<String> reasons) {}

    private PriceFeed() {}

    /** {@code from}: an http(s) URL or a file path. */
    public static Parsed load(String from) {
        byte[] body;
        if (from.startsWith("http://") || from.startsWith("https://")) body = fetch(from);
        else {
            try {
                body = Files.readAllBytes(Path.of(from));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read price feed " + from + ": " + e.getMessage(), e);
            }
        }
        return parse(body, from);
    }

    static byte[] fetch(String url) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) throw new IllegalArgumentException("price feed " + url + " answered HTTP " + r.statusCode());
            return r.body();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot fetch price feed " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while fetching " + url, e);
        }
    }

    public static Parsed parse(byte[] body, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isArray()) throw new IllegalArgumentException(source + ": expected {\"data\": [models…]} (OpenRouter /api/v1/models shape)");
        List<MarketPrice> out = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < data.size(); i++) {
            JsonNode m = data.get(i);
            try {
                out.add(entry(m, i));
            } catch (IllegalArgumentException e) {
                skipped++;
                if (reasons.size() < 10) reasons.add(e.getMessage());
            }
        }
        return new Parsed(List.copyOf(out), skipped, List.copyOf(reasons));
    }

    private static MarketPrice entry(JsonNode m, int i) {
        String id = m.path("id").asText(null);
        if (id == null || id.isBlank()) throw new IllegalArgumentException("data[" + i + "]: no id");
        JsonNode p = m.get("pricing");
        if (p == null || !p.isObject()) throw new IllegalArgumentException(id + ": no pricing");
        BigDecimal in = perMillion(p.get("prompt"), id, "prompt");
        BigDecimal out = perMillion(p.get("completion"), id, "completion");
        if (in == null || out == null) throw new IllegalArgumentException(id + ": pricing.prompt and pricing.completion are required");
        JsonNode cacheNode = p.has("input_cache_read") ? p.get("input_cache_read") : p.get("cache_read");
        BigDecimal cached = perMillion(cacheNode, id, "input_cache_read");
        JsonNode ctx = m.get("context_length");
        Long context = ctx != null && ctx.canConvertToLong() && ctx.asLong() > 0 ? ctx.asLong() : null;
        return new MarketPrice(id, in, cached, out, context);
    }

    /** A per-token decimal (string or number) as USD per 1M tokens; null when absent. */
    private static BigDecimal perMillion(JsonNode v, String id, String field) {
        if (v == null || v.isNull()) return null;
        BigDecimal perToken;
        try {
            perToken = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(id + ": pricing." + field + " '" + v.asText() + "' is not a number");
        }
        if (perToken.signum() < 0) throw new IllegalArgumentException(id + ": pricing." + field + " is variable (" + perToken.toPlainString() + ")");
        BigDecimal m = perToken.movePointRight(6).stripTrailingZeros();
        return m.scale() < 0 ? m.setScale(0) : m;
    }
}
