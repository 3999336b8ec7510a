package io.computebroker.provider;

import io.computebroker.config.ModelConfig;

import java.util.List;

/** An upstream that turns texts into vectors. */
public interface EmbeddingProvider {
    List<float[]> embed(List<String> texts, ModelConfig model);

    /** Tokens the texts cost, for usage and billing. */
    long countTokens(List<String> texts);
}
