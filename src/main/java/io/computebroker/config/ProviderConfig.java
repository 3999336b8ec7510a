package io.computebroker.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One upstream. {@code kind}: openai-compatible | anthropic | local-embeddings | simulated.
 * The API key is never in the config: {@code apiKeyEnv} names the environment variable (or secrets-file
 * entry) that holds it. {@code keyRequired} false serves keyless local servers (Ollama, vLLM on loopback).
 * {@code maxConcurrency} bounds in-flight calls (owned capacity); {@code hardware} prices owned capacity;
 * {@code breakerFailures} consecutive provider faults open its circuit for {@code breakerOpenMs}.
 * {@code replicas} (openai-compatible only, instead of {@code baseUrl}) lists several servers behind one
 * model name; each request goes to the replica its prompt prefix hashes to, so the server's prefix
 * cache hits, unless that replica already has {@code replicaMaxInFlight} calls (default 32) in flight.
 * {@code anthropicCacheBreakpoint} (anthropic only) marks a long system prompt cacheable when the caller
 * set no cache_control of its own. {@code batchDiscount} (0..1, e.g. 0.5) is the share of the price card the
 * provider takes off work sent through its batch route; deferred (batch lane) items near their deadline
 * may use it when the policy allows, and are billed at the discounted price. {@code batchApi}
 * ({@code openai}, or {@code true} for the provider's own format) says that route is the provider's own
 * batch API: such items are then submitted there as one upstream batch and polled, instead of being
 * sent to the ordinary endpoint.
 */
public record ProviderConfig(String id, String kind, String baseUrl, String apiKeyEnv, Boolean keyRequired,
                             Long timeoutMs, Long connectTimeoutMs, Map<String, String> headers,
                             Integer maxConcurrency, HardwareProfile hardware, Integer breakerFailures, Long breakerOpenMs,
                             List<String> replicas, Integer replicaMaxInFlight, Boolean anthropicCacheBreakpoint,
                             Double batchDiscount, String batchApi) {
    public static final String OPENAI_COMPATIBLE = "openai-compatible";
    public static final String ANTHROPIC = "anthropic";
    public static final String LOCAL_EMBEDDINGS = "local-embeddings";
    public static final String SIMULATED = "simulated";

    public ProviderConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (timeoutMs == null) timeoutMs = 120_000L;
        if (connectTimeoutMs == null) connectTimeoutMs = 5_000L;
        if (keyRequired == null) keyRequired = apiKeyEnv != null;
        if (breakerFailures == null) breakerFailures = 5;
        if (breakerOpenMs == null) breakerOpenMs = 30_000L;
        if (breakerFailures < 1) throw new IllegalArgumentException("breakerFailures must be >= 1");
        if (maxConcurrency != null && maxConcurrency < 1) throw new IllegalArgumentException("maxConcurrency must be >= 1");
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < replicas.size(); i++) {
            String r = replicas.get(i);
            if (r == null || r.isBlank()) throw new IllegalArgumentException("replicas[" + i + "] is blank; expected a base URL");
            if (!seen.add(r)) throw new IllegalArgumentException("replicas[" + i + "] '" + r + "' is listed twice");
        }
        if (replicaMaxInFlight == null) replicaMaxInFlight = 32;
        if (replicaMaxInFlight < 1) throw new IllegalArgumentException("replicaMaxInFlight must be >= 1");
        if (anthropicCacheBreakpoint == null) anthropicCacheBreakpoint = false;
        if (batchDiscount != null && !(batchDiscount > 0 && batchDiscount < 1)) {
            throw new IllegalArgumentException("batchDiscount must be between 0 and 1 (exclusive), e.g. 0.5 for half price");
        }
        batchApi = batchApi(batchApi, kind, batchDiscount);
    }

    /** Without a batch route. */
    public ProviderConfig(String id, String kind, String baseUrl, String apiKeyEnv, Boolean keyRequired,
                          Long timeoutMs, Long connectTimeoutMs, Map<String, String> headers,
                          Integer maxConcurrency, HardwareProfile hardware, Integer breakerFailures, Long breakerOpenMs,
                          List<String> replicas, Integer replicaMaxInFlight, Boolean anthropicCacheBreakpoint) {
        this(id, kind, baseUrl, apiKeyEnv, keyRequired, timeoutMs, connectTimeoutMs, headers, maxConcurrency, hardware,
                breakerFailures, breakerOpenMs, replicas, replicaMaxInFlight, anthropicCacheBreakpoint, null, null);
    }

    /** The batch API's wire format (null: none); YAML {@code true} means the provider's own format. */
    private static String batchApi(String value, String kind, Double discount) {
        if (value == null || value.equals("false")) return null;
        String api = value.equals("true") ? (ANTHROPIC.equals(kind) ? "anthropic" : "openai") : value;
        String needs = switch (api) {
            case "openai" -> OPENAI_COMPATIBLE;
            case "anthropic" -> ANTHROPIC;
            default -> throw new IllegalArgumentException("batchApi '" + value + "' is not supported; expected true, openai or anthropic");
        };
        if (!needs.equals(kind)) throw new IllegalArgumentException("batchApi " + api + " needs kind " + needs + ", not " + kind);
        if (discount == null) throw new IllegalArgumentException("batchApi needs batchDiscount (what the provider's batch route costs)");
        return api;
    }

    /** The configuration before replicas existed; {@code baseUrl} is then the single replica. */
    public ProviderConfig(String id, String kind, String baseUrl, String apiKeyEnv, Boolean keyRequired,
                          Long timeoutMs, Long connectTimeoutMs, Map<String, String> headers,
                          Integer maxConcurrency, HardwareProfile hardware, Integer breakerFailures, Long breakerOpenMs) {
        this(id, kind, baseUrl, apiKeyEnv, keyRequired, timeoutMs, connectTimeoutMs, headers, maxConcurrency, hardware,
                breakerFailures, breakerOpenMs, null, null, null, null, null);
    }

    /** The servers to spread requests over: {@code replicas} when given, else {@code baseUrl} alone. */
    public List<String> replicaUrls() {
        if (!replicas.isEmpty()) return replicas;
        return baseUrl == null ? List.of() : List.of(baseUrl);
    }

    /** The same provider pointed elsewhere (the simulated fleet reuses the wire clients this way). */
    public ProviderConfig as(String newKind, String newBaseUrl) {
        return new ProviderConfig(id, newKind, newBaseUrl, null, false, timeoutMs, connectTimeoutMs, headers, maxConcurrency, hardware,
                breakerFailures, breakerOpenMs, null, replicaMaxInFlight, anthropicCacheBreakpoint, batchDiscount, null);
    }

    @Override
    public String toString() {
        // The key itself never lives here, but say so explicitly for anyone printing configs.
        return "ProviderConfig[id=" + id + ", kind=" + kind + ", baseUrl=" + baseUrl + ", replicas=" + replicas + ", apiKeyEnv=" + apiKeyEnv + "]";
    }
}
