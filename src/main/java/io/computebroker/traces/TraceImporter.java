package io.computebroker.traces;

import io.computebroker.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes parsed trace records into the ledger as external records: settled rows on node
 * {@code trace:<import id>} with price version {@code trace}, plus a {@code ledger_external} row for what the
 * ledger has no column for (accepted, retries, cache hit, batch eligibility, fallback route, utilisation).
 * All rows of one import go in one transaction with the import's own record: the import happened whole,
 * or not at all. Ids are stable, so re-importing a file adds only rows not seen before.
 */
public final class TraceImporter {
    public static final String PRICE_VERSION = "trace";

    /** What an import wrote: its id, rows new to the ledger, rows already there from an earlier import. */
    public record Result(String importId, int imported, int duplicates) {}

    private final Database db;

    public TraceImporter(Database db) { this.db = db; }

    public Result write(String source, String tenant, List<TraceRecord> records, int rejected, Instant now) {
        String importId = "imp_" + Long.toString(now.toEpochMilli(), 36) + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        return db.inTransaction(c -> {
            int imported = ledger(c, importId, tenant, source, records);
            external(c, importId, records);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_imports (id, imported_at, source, tenant, rows_imported, rows_rejected)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, importId);
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, source.length() > 1000 ? source.substring(source.length() - 1000) : source);
                ps.setString(4, tenant);
                ps.setLong(5, imported);
                ps.setLong(6, rejected);
                ps.executeUpdate();
            }
            return new Result(importId, imported, records.size() - imported);
        });
    }

    private static int ledger(Connection c, String importId, String tenant, String source, List<TraceRecord> records) throws SQLException {
        String sql = "INSERT INTO ledger (id, created_at, settled_at, state, node, tenant, feature, task, sensitivity, decision_summary,"
                + " provider, model, boundary, attempts, fallback, status, http_status, input_tokens, cached_input_tokens, output_tokens,"
                + " usage_estimated, cost_nusd, baseline_nusd, price_version, latency_ms, ttft_ms, cache_outcome)"
                + " VALUES (?, ?, ?, 'settled', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'none')"
                + " ON CONFLICT (id) DO NOTHING";
        String file = java.nio.file.Path.of(source).getFileName() == null ? source : java.nio.file.Path.of(source).getFileName().toString();
        int imported = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (TraceRecord r : records) {
                int i = 1;
                ps.setString(i++, r.id());
                ps.setLong(i++, r.timeMs());
                ps.setLong(i++, r.timeMs() + (r.latencyMs() == null ? 0 : r.latencyMs()));
                ps.setString(i++, "trace:" + importId);
                ps.setString(i++, tenant);
                ps.setString(i++, r.feature());
                ps.setString(i++, r.task());
                ps.setString(i++, r.sensitivity());
                ps.setString(i++, clip("external trace " + file + ":" + r.line(), 1000));
                ps.setString(i++, r.provider());
                ps.setString(i++, r.model());
                ps.setString(i++, r.boundary());
                ps.setInt(i++, 1 + r.retries());
                ps.setInt(i++, r.fallbackRoute() == null ? 0 : 1);
                ps.setString(i++, r.ok() ? "ok" : "error");
                if (r.httpStatus() == null) ps.setNull(i++, Types.INTEGER); else ps.setInt(i++, r.httpStatus());
                ps.setLong(i++, r.inputTokens());
                ps.setLong(i++, r.cachedInputTokens());
                ps.setLong(i++, r.outputTokens());
                ps.setInt(i++, r.costEstimated() ? 1 : 0);
                ps.setLong(i++, r.costNusd());
                ps.setLong(i++, r.baselineNusd());
                ps.setString(i++, PRICE_VERSION);
                setLong(ps, i++, r.latencyMs());
                setLong(ps, i, r.ttftMs());
                ps.addBatch();
            }
            for (int n : ps.executeBatch()) if (n > 0 || n == Statement.SUCCESS_NO_INFO) imported++;
        }
        return imported;
    }

    private static void external(Connection c, String importId, List<TraceRecord> records) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_external (id, import_id, source_line, accepted, retries, cache_hit,"
                + " batch_eligible, fallback_route, utilisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            for (TraceRecord r : records) {
                ps.setString(1, r.id());
                ps.setString(2, importId);
                ps.setLong(3, r.line());
                ps.setInt(4, r.accepted() ? 1 : 0);
                ps.setInt(5, r.retries());
                flag(ps, 6, r.cacheHit());
                flag(ps, 7, r.batchEligible());
                ps.setString(8, r.fallbackRoute());
                if (r.utilisation() == null) ps.setNull(9, Types.DOUBLE); else ps.setDouble(9, r.utilisation());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void flag(PreparedStatement ps, int i, Boolean b) throws SQLException {
        if (b == null) ps.setNull(i, Types.SMALLINT); else ps.setInt(i, b ? 1 : 0);
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }

    private static String clip(String s, int max) { return s.length() <= max ? s : s.substring(0, max); }
}
