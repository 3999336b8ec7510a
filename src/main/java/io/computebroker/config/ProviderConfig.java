package io.computebroker.config;

import java.util.Map;

/**
 * One upstream. {@code kind}: openai-compatible | anthropic | local-embeddings | simulated.
 * The API key is never in the config: {@code apiKeyEnv} names the environment variable (or secrets-file
 * entry) that holds it. {@code keyRequired} false serves keyless local servers (Ollama, vLLM on loopback).
 * {@code maxConcurrency} bounds in-flight calls (owned capacity); {@code hardware} prices owned capacity;
 * {@code breakerFailures} consecutive provider faults open its circuit for {@code breakerOpenMs}.
 */
public record ProviderConfig(String id, String kind, String baseUrl, String apiKeyEnv, Boolean keyRequired,
                             Long timeoutMs, Long connectTimeoutMs, Map<String, String> headers,
                             Integer maxConcurrency, HardwareProfile hardware, Integer breakerFailures, Long breakerOpenMs) {
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
    }

    /** The same provider pointed elsewhere (the simulated fleet reuses the wire clients this way). */
    public ProviderConfig as(String newKind, String newBaseUrl) {
        return new ProviderConfig(id, newKind, newBaseUrl, null, false, timeoutMs, connectTimeoutMs, headers, maxConcurrency, hardware,
                breakerFailures, breakerOpenMs);
    }

    @Override
    public String toString() {
        // The key itself never lives here, but say so explicitly for anyone printing configs.
        return "ProviderConfig[id=" + id + ", kind=" + kind + ", baseUrl=" + baseUrl + ", apiKeyEnv=" + apiKeyEnv + "]";
    }
}
