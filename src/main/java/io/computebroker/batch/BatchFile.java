package io.computebroker.batch;

/** An uploaded or generated file (OpenAI Files API object); the content is read separately. Times in epoch ms. */
public record BatchFile(String id, String tenant, String purpose, String filename, long bytes, long createdAt) {
    public static final String PURPOSE_BATCH = "batch", PURPOSE_OUTPUT = "batch_output";
}
