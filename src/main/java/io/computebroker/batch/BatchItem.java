package io.computebroker.batch;

/** One request of a batch, as the drainer needs it: the body to run, its deadline and what is known of its routes. */
public record BatchItem(String id, String batchId, int seq, String customId, String body, long deadline, int attempts,
                        boolean noOwnedRoute) {
    public static final String QUEUED = "queued", RUNNING = "running", DONE = "done", FAILED = "failed",
            EXPIRED = "expired", CANCELLED = "cancelled";
}
