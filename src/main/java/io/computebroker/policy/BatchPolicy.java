package io.computebroker.policy;

/**
 * How the batch lane treats deferred work (requests sent with {@code x-broker-batch: true} or through
 * the Batch API). Items run on owned capacity while it is idle — owned in-flight below
 * {@code idleBelow} of its limit, the rest kept for interactive traffic — and wait for it until
 * {@code deadlineMarginMs} before their deadline. From then on they may take a provider's discounted
 * batch route ({@code discountedRoute}), else the route a synchronous call would take.
 *
 * @param enabled          false: deferred work is still accepted and queued, but nothing drains it
 * @param idleBelow        owned utilisation (0..1] under which batch items may start on owned capacity
 * @param deadlineMarginMs how long before its deadline an item stops waiting for owned capacity
 * @param discountedRoute  whether items may use a provider's {@code batchDiscount} route near their deadline
 * @param maxInFlight      batch items one node runs at once (all routes together)
 * @param pollMs           how often the drainer looks at the queue
 * @param leaseMs          how long a claimed item stays another node's; a dead node's items rerun after it
 * @param maxAttempts      tries for an item whose failures are worth retrying (429, 5xx) before it fails
 * @param upstreamPollMs   how often a batch submitted to a provider's own batch API is polled
 * @param upstreamMaxItems most items sent to a provider's batch API as one upstream batch
 */
public record BatchPolicy(Boolean enabled, Double idleBelow, Long deadlineMarginMs, Boolean discountedRoute,
                          Integer maxInFlight, Long pollMs, Long leaseMs, Integer maxAttempts,
                          Long upstreamPollMs, Integer upstreamMaxItems) {
    public BatchPolicy {
        if (enabled == null) enabled = true;
        if (idleBelow == null) idleBelow = 0.5;
        if (deadlineMarginMs == null) deadlineMarginMs = 2 * 3_600_000L;
        if (discountedRoute == null) discountedRoute = true;
        if (maxInFlight == null) maxInFlight = 4;
        if (pollMs == null) pollMs = 1_000L;
        if (leaseMs == null) leaseMs = 600_000L;
        if (maxAttempts == null) maxAttempts = 3;
        if (upstreamPollMs == null) upstreamPollMs = 60_000L;
        if (upstreamMaxItems == null) upstreamMaxItems = 1_000;
        if (!(idleBelow > 0 && idleBelow <= 1)) throw new IllegalArgumentException("defaults.batch.idleBelow must be in (0, 1]");
        if (deadlineMarginMs < 0) throw new IllegalArgumentException("defaults.batch.deadlineMarginMs must be >= 0");
        if (maxInFlight < 1) throw new IllegalArgumentException("defaults.batch.maxInFlight must be >= 1");
        if (pollMs < 10) throw new IllegalArgumentException("defaults.batch.pollMs must be >= 10");
        if (leaseMs < 1_000) throw new IllegalArgumentException("defaults.batch.leaseMs must be >= 1000");
        if (maxAttempts < 1) throw new IllegalArgumentException("defaults.batch.maxAttempts must be >= 1");
        if (upstreamPollMs < 10) throw new IllegalArgumentException("defaults.batch.upstreamPollMs must be >= 10");
        if (upstreamMaxItems < 1 || upstreamMaxItems > 50_000) {
            throw new IllegalArgumentException("defaults.batch.upstreamMaxItems must be between 1 and 50000 (OpenAI's per-batch limit)");
        }
    }

    public static BatchPolicy defaults() { return new BatchPolicy(null, null, null, null, null, null, null, null, null, null); }
}
