package io.computebroker.provider.embed;

import java.util.List;

/**
 * A validated OpenAI {@code /v1/embeddings} request.
 *
 * @param model  the model name the caller asked for, echoed back in the response
 * @param inputs the texts to embed, in order; a single-string input becomes a list of one
 * @param base64 whether vectors go back as base64 little-endian float32 rather than JSON numbers
 * @param user   end-user id for abuse tracking; may be null
 */
public record EmbeddingsRequest(String model, List<String> inputs, boolean base64, String user) {
    public EmbeddingsRequest {
        inputs = List.copyOf(inputs);
    }
}
