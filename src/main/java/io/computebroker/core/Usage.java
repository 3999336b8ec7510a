package io.computebroker.core;

/**
 * Token usage in one convention for both formats.
 *
 * @param inputTokens      all prompt tokens, including those read from or written to a prompt cache
 *                         (OpenAI {@code prompt_tokens}; Anthropic input + cache_read + cache_creation)
 * @param cachedInputTokens prompt tokens served from a prompt cache (billed at the cached price)
 * @param cacheWriteTokens prompt tokens written to a prompt cache (Anthropic {@code cache_creation_input_tokens})
 * @param outputTokens     generated tokens, reasoning included
 * @param reasoningTokens  the part of {@code outputTokens} spent on hidden reasoning
 */
public record Usage(long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens, long reasoningTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public Usage {
        if (inputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0 || outputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    public static Usage of(long input, long output) { return new Usage(input, 0, 0, output, 0); }

    /** Prompt tokens billed at the full input price. */
    public long uncachedInputTokens() { return Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens); }

    public long totalTokens() { return inputTokens + outputTokens; }

    /** Field-wise maximum: streamed usage arrives in pieces (Anthropic reports input at start, output at end). */
    public Usage merge(Usage o) {
        if (o == null) return this;
        return new Usage(Math.max(inputTokens, o.inputTokens), Math.max(cachedInputTokens, o.cachedInputTokens),
                Math.max(cacheWriteTokens, o.cacheWriteTokens), Math.max(outputTokens, o.outputTokens),
                Math.max(reasoningTokens, o.reasoningTokens));
    }
}
