package io.computebroker.batch;

/**
 * One batch as stored: the OpenAI batch object's fields plus its owner and the caller's x-broker-*
 * signals that apply to every item. {@code errors}, {@code metadata} and {@code signals} are JSON text
 * (null when absent). Times are epoch milliseconds; {@code expiresAt} is the deadline of every item.
 */
public record Batch(String id, String tenant, String keyId, String endpoint, String inputFileId, String outputFileId,
                    String errorFileId, String completionWindow, String status, String errors, String metadata, String signals,
                    long createdAt, Long inProgressAt, long expiresAt, Long finalizingAt, Long completedAt, Long failedAt,
                    Long expiredAt, Long cancellingAt, Long cancelledAt) {
    public static final String VALIDATING = "validating", FAILED = "failed", IN_PROGRESS = "in_progress",
            FINALIZING = "finalizing", COMPLETED = "completed", EXPIRED = "expired", CANCELLING = "cancelling",
            CANCELLED = "cancelled";

    public boolean terminal() {
        return status.equals(FAILED) || status.equals(COMPLETED) || status.equals(EXPIRED) || status.equals(CANCELLED);
    }
}
