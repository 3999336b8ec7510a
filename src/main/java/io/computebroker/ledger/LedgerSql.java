package io.computebroker.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The one upsert both databases understand ({@code INSERT … ON CONFLICT (id) DO UPDATE}), so replaying a
 * journal twice, or a pending record after its settled one was already applied, can never duplicate a row.
 */
final class LedgerSql {
    static final String[] COLUMNS = {"id", "created_at", "settled_at", "state", "node", "tenant", "key_id", "feature", "run_id",
            "task", "sensitivity", "entity_types", "policy_version", "decision_id", "decision_summary", "requested_model",
            "provider", "model", "boundary", "region", "attempts", "attempts_json", "fallback", "spilled", "streamed",
            "status", "http_status", "error", "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens",
            "reasoning_tokens", "usage_estimated", "cost_nusd", "baseline_nusd", "reserved_nusd", "price_version",
            "latency_ms", "ttft_ms", "cache_outcome", "prompt_hash", "prompt_text", "completion_text", "lane", "sync_nusd"};

    static final String UPSERT;

    static {
        StringBuilder sb = new StringBuilder("INSERT INTO ledger (").append(String.join(", ", COLUMNS)).append(") VALUES (");
        for (int i = 0; i < COLUMNS.length; i++) sb.append(i == 0 ? "?" : ", ?");
        sb.append(") ON CONFLICT (id) DO UPDATE SET ");
        for (int i = 1; i < COLUMNS.length; i++) {
            if (i > 1) sb.append(", ");
            sb.append(COLUMNS[i]).append(" = excluded.").append(COLUMNS[i]);
        }
        // A late pending record never downgrades a row that is already settled.
        sb.append(" WHERE ledger.state = 'pending'");
        UPSERT = sb.toString();
    }

    private LedgerSql() {}

    static void upsert(Connection c, List<LedgerEntry> entries) throws SQLException {
        upsert(c, entries, Integer.MAX_VALUE, 0);
    }

    /** As {@link #upsert(Connection, List)}, parking {@code pauseNanos} after every {@code slice} rows (see {@code Ledger.SLICE}). */
    static void upsert(Connection c, List<LedgerEntry> entries, int slice, long pauseNanos) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            int n = 0;
            for (LedgerEntry e : withoutSuperseded(entries)) {
                bind(ps, e);
                ps.addBatch();
                if (++n % slice == 0) {
                    ps.executeBatch();
                    if (pauseNanos > 0) java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * Most requests finish within one writer batch, so the batch holds both their pending and their
     * settled record. The settled row replaces the pending one entirely (and the upsert never lets a
     * pending record overwrite a settled row), so the pending record is dropped: half the rows written.
     */
    static List<LedgerEntry> withoutSuperseded(List<LedgerEntry> entries) {
        java.util.Set<String> settled = new java.util.HashSet<>();
        for (LedgerEntry e : entries) if (!"pending".equals(e.state())) settled.add(e.id());
        if (settled.isEmpty()) return entries;
        List<LedgerEntry> out = new java.util.ArrayList<>(entries.size());
        for (LedgerEntry e : entries) if (!"pending".equals(e.state()) || !settled.contains(e.id())) out.add(e);
        return out;
    }

    private static void bind(PreparedStatement ps, LedgerEntry e) throws SQLException {
        int i = 1;
        ps.setString(i++, e.id());
        ps.setLong(i++, e.createdAt());
        setLong(ps, i++, e.settledAt());
        ps.setString(i++, e.state());
        ps.setString(i++, e.node());
        ps.setString(i++, e.tenant());
        ps.setString(i++, e.keyId());
        ps.setString(i++, e.feature());
        ps.setString(i++, e.runId());
        ps.setString(i++, e.task());
        ps.setString(i++, e.sensitivity());
        ps.setString(i++, e.entityTypes());
        ps.setString(i++, e.policyVersion());
        ps.setString(i++, e.decisionId());
        ps.setString(i++, clip(e.decisionSummary(), 1000));
        ps.setString(i++, clip(e.requestedModel(), 200));
        ps.setString(i++, e.provider());
        ps.setString(i++, e.model());
        ps.setString(i++, e.boundary());
        ps.setString(i++, e.region());
        ps.setInt(i++, e.attempts());
        ps.setString(i++, e.attemptsJson());
        ps.setInt(i++, e.fallback() ? 1 : 0);
        ps.setInt(i++, e.spilled() ? 1 : 0);
        ps.setInt(i++, e.streamed() ? 1 : 0);
        ps.setString(i++, e.status());
        if (e.httpStatus() == null) ps.setNull(i++, Types.INTEGER); else ps.setInt(i++, e.httpStatus());
        ps.setString(i++, clip(e.error(), 1000));
        ps.setLong(i++, e.inputTokens());
        ps.setLong(i++, e.cachedInputTokens());
        ps.setLong(i++, e.cacheWriteTokens());
        ps.setLong(i++, e.outputTokens());
        ps.setLong(i++, e.reasoningTokens());
        ps.setInt(i++, e.usageEstimated() ? 1 : 0);
        ps.setLong(i++, e.costNusd());
        ps.setLong(i++, e.baselineNusd());
        ps.setLong(i++, e.reservedNusd());
        ps.setString(i++, e.priceVersion());
        setLong(ps, i++, e.latencyMs());
        setLong(ps, i++, e.ttftMs());
        ps.setString(i++, e.cacheOutcome());
        ps.setString(i++, e.promptHash());
        ps.setString(i++, e.promptText());
        ps.setString(i++, e.completionText());
        ps.setString(i++, e.lane());
        ps.setLong(i, e.syncNusd());
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }

    private static String clip(String s, int max) { return s == null || s.length() <= max ? s : s.substring(0, max); }
}
