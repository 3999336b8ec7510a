package io.computebroker.batch;

/**
 * One request of a batch, as the drainer needs it: the body to run, its deadline and whether an owned
 * model can serve it ({@code ownedRoute} null until the drainer has looked).
 */
public record BatchItem(String id, String batchId, int seq, String customId, String body, long deadline, int attempts,
                        Boolean ownedRoute) {
    public boolean noOwnedRoute() { return Boolean.FALSE.equals(ownedRoute); }

    /** {@code upstream}: sent to a provider's own batch API, waiting for its answer (not leased, not claimable). */
    public static final String QUEUED = "queued", RUNNING = "running", UPSTREAM = "upstream", DONE = "done", FAILED = "failed",
            EXPIRED = "expired", CANCELLED = "cancelled";
}
