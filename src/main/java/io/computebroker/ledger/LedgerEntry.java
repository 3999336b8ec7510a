package io.computebroker.ledger;

/**
 * One ledger row, exactly as stored (see V3__ledger.sql). Written twice: {@code pending} before bytes go
 * upstream, then the full {@code settled} row. Entity types are names only, never the detected values;
 * {@code promptText} / {@code completionText} are null unless the tenant opted in. {@code lane} names deferred
 * work ({@code batch-owned}, {@code batch-discounted}, {@code batch-sync}; null for interactive calls) and
 * {@code syncNusd} what its usage would have cost on the route a synchronous call takes.
 */
public record LedgerEntry(
        String id, long createdAt, Long settledAt, String state, String node,
        String tenant, String keyId, String feature, String runId,
        String task, String sensitivity, String entityTypes,
        String policyVersion, String decisionId, String decisionSummary, String requestedModel,
        String provider, String model, String boundary, String region,
        int attempts, String attemptsJson, boolean fallback, boolean spilled, boolean streamed,
        String status, Integer httpStatus, String error,
        long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens, long reasoningTokens,
        boolean usageEstimated, long costNusd, long baselineNusd, long reservedNusd, String priceVersion,
        Long latencyMs, Long ttftMs, String cacheOutcome, String promptHash, String promptText, String completionText,
        String lane, long syncNusd) {

    /** An interactive call's row. */
    public LedgerEntry(String id, long createdAt, Long settledAt, String state, String node,
                       String tenant, String keyId, String feature, String runId,
                       String task, String sensitivity, String entityTypes,
                       String policyVersion, String decisionId, String decisionSummary, String requestedModel,
                       String provider, String model, String boundary, String region,
                       int attempts, String attemptsJson, boolean fallback, boolean spilled, boolean streamed,
                       String status, Integer httpStatus, String error,
                       long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens, long reasoningTokens,
                       boolean usageEstimated, long costNusd, long baselineNusd, long reservedNusd, String priceVersion,
                       Long latencyMs, Long ttftMs, String cacheOutcome, String promptHash, String promptText, String completionText) {
        this(id, createdAt, settledAt, state, node, tenant, keyId, feature, runId, task, sensitivity, entityTypes, policyVersion,
                decisionId, decisionSummary, requestedModel, provider, model, boundary, region, attempts, attemptsJson, fallback,
                spilled, streamed, status, httpStatus, error, inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens,
                reasoningTokens, usageEstimated, costNusd, baselineNusd, reservedNusd, priceVersion, latencyMs, ttftMs, cacheOutcome,
                promptHash, promptText, completionText, null, 0);
    }

    public static final String PENDING = "pending", SETTLED = "settled", RECOVERED = "recovered";
}
