package io.computebroker.config;

import java.util.Map;

/**
 * One upstream. {@code kind}: openai-compatible | anthropic | local-embeddings | simulated.
 * The API key is never in the config: {@code apiKeyEnv} names the environment variable (or secrets-file
 * entry) that holds it. {@code keyRequired} false serves keyless local servers (Ollama, vLLM on loopback).
 */
public record ProviderConfig(String id, String kind, String baseUrl, String apiKeyEnv, Boolean keyRequired,
                             Long timeoutMs, Long connectTimeoutMs, Map<String, String> headers) {
    public static final String OPENAI_COMPATIBLE = "openai-compatible";
    public static final String ANTHROPIC = "anthropic";
    public static final String LOCAL_EMBEDDINGS = "local-embeddings";
    public static final String SIMULATED = "simulated";

    public ProviderConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (timeoutMs == null) timeoutMs = 120_000L;
        if (connectTimeoutMs == null) connectTimeoutMs = 5_000L;
        if (keyRequired == null) keyRequired = apiKeyEnv != null;
    }

    @Override
    public String toString() {
        // The key itself never lives here, but say so explicitly for anyone printing configs.
        return "ProviderConfig[id=" + id + ", kind=" + kind + ", baseUrl=" + baseUrl + ", apiKeyEnv=" + apiKeyEnv + "]";
    }
}
