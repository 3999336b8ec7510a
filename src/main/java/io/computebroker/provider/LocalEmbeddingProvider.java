package io.computebroker.provider;

import io.computebroker.config.ModelConfig;
import io.computebroker.provider.embed.LocalEmbeddings;

import java.util.List;
import java.util.function.Supplier;

/** In-process sentence embeddings; the ONNX model loads on first use so that start-up stays fast. */
public final class LocalEmbeddingProvider implements EmbeddingProvider {
    /** One model per process: it is ~25 MB and thread-safe. */
    static final Supplier<LocalEmbeddings> SHARED = io.computebroker.util.Lazy.of(LocalEmbeddings::new);

    @Override
    public List<float[]> embed(List<String> texts, ModelConfig config) { return SHARED.get().embedAll(texts); }

    @Override
    public long countTokens(List<String> texts) {
        long n = 0;
        for (String t : texts) n += SHARED.get().countTokens(t);
        return n;
    }
}
