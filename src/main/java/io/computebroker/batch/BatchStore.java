package io.computebroker.batch;

import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The batch lane's durable state (V8 tables) on SQLite or PostgreSQL: files, batches and the item
 * queue. Items are claimed with a lease by a conditional UPDATE, so two nodes never run the same item
 * while its lease holds, and an item whose node died becomes claimable again when the lease runs out.
 * Every read that a caller can reach is scoped to the caller's tenant.
 */
public final class BatchStore {
    private static final String BATCH_COLUMNS = "id, tenant, key_id, endpoint, input_file_id, output_file_id, error_file_id,"
            + " completion_window, status, errors, metadata, signals, created_at, in_progress_at, expires_at, finalizing_at,"
            + " completed_at, failed_at, expired_at, cancelling_at, cancelled_at";

    private final Database db;

    public BatchStore(Database db) { this.db = db; }

    /** A new item: its line number, caller id and request body (JSON text). */
    public record NewItem(String id, int seq, String customId, String body) {}

    /** What running an item produced; {@code response} is the answer or error body (JSON text). */
    public record Outcome(String state, String requestId, String route, String model, Integer statusCode, String response,
                          long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens, long costNusd, long syncNusd) {}

    // ---- files ----

    public BatchFile putFile(String id, String tenant, String purpose, String filename, String content, long now) {
        long bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_files (id, tenant, purpose, filename, bytes, created_at, content)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                ps.setString(3, purpose);
                ps.setString(4, filename);
                ps.setLong(5, bytes);
                ps.setLong(6, now);
                ps.setString(7, content);
                return ps.executeUpdate();
            }
        });
        return new BatchFile(id, tenant, purpose, filename, bytes, now);
    }

    public Optional<BatchFile> file(String tenant, String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant, purpose, filename, bytes, created_at FROM batch_files"
                    + " WHERE id = ? AND tenant = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new BatchFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6))) : Optional.<BatchFile>empty();
                }
            }
        });
    }

    public Optional<String> content(String tenant, String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM batch_files WHERE id = ? AND tenant = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    // ---- batches ----

    /** Stores the batch and, in the same transaction, its queued items (all or nothing). */
    public void create(Batch b, List<NewItem> items) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batches (" + BATCH_COLUMNS + ") VALUES ("
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 1;
                ps.setString(i++, b.id());
                ps.setString(i++, b.tenant());
                ps.setString(i++, b.keyId());
                ps.setString(i++, b.endpoint());
                ps.setString(i++, b.inputFileId());
                ps.setString(i++, b.outputFileId());
                ps.setString(i++, b.errorFileId());
                ps.setString(i++, b.completionWindow());
                ps.setString(i++, b.status());
                ps.setString(i++, b.errors());
                ps.setString(i++, b.metadata());
                ps.setString(i++, b.signals());
                ps.setLong(i++, b.createdAt());
                setLong(ps, i++, b.inProgressAt());
                ps.setLong(i++, b.expiresAt());
                setLong(ps, i++, b.finalizingAt());
                setLong(ps, i++, b.completedAt());
                setLong(ps, i++, b.failedAt());
                setLong(ps, i++, b.expiredAt());
                setLong(ps, i++, b.cancellingAt());
                setLong(ps, i, b.cancelledAt());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_items (id, batch_id, seq, custom_id, body, state, deadline)"
                    + " VALUES (?, ?, ?, ?, ?, 'queued', ?)")) {
                int n = 0;
                for (NewItem it : items) {
                    ps.setString(1, it.id());
                    ps.setString(2, b.id());
                    ps.setInt(3, it.seq());
                    ps.setString(4, it.customId());
                    ps.setString(5, it.body());
                    ps.setLong(6, b.expiresAt());
                    ps.addBatch();
                    if (++n % 1000 == 0) ps.executeBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public Optional<Batch> batch(String tenant, String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM batches WHERE id = ? AND tenant = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(batch(rs)) : Optional.<Batch>empty();
                }
            }
        });
    }

    /** A batch by id alone, for the drainer (which works for every tenant). */
    Optional<Batch> batchForDrainer(String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM batches WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(batch(rs)) : Optional.<Batch>empty();
                }
            }
        });
    }

    /** The tenant's batches, newest first, after the one with id {@code after} (null: from the newest). */
    public List<Batch> list(String tenant, String after, int limit) {
        return db.with(c -> {
            String sql = "SELECT " + BATCH_COLUMNS + " FROM batches WHERE tenant = ?"
                    + (after == null ? "" : " AND (created_at < (SELECT created_at FROM batches WHERE id = ?)"
                    + " OR created_at = (SELECT created_at FROM batches WHERE id = ?) AND id < ?)")
                    + " ORDER BY created_at DESC, id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenant);
                if (after != null) {
                    ps.setString(i++, after);
                    ps.setString(i++, after);
                    ps.setString(i++, after);
                }
                ps.setInt(i, limit);
                List<Batch> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(batch(rs));
                }
                return out;
            }
        });
    }

    /** Batches the drainer must look at: running or being cancelled, or stuck finalizing since before {@code staleBefore}. */
    List<Batch> open(long staleBefore) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BATCH_COLUMNS + " FROM batches WHERE status IN ('in_progress', 'cancelling')"
                    + " OR status = 'finalizing' AND finalizing_at < ?")) {
                ps.setLong(1, staleBefore);
                List<Batch> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(batch(rs));
                }
                return out;
            }
        });
    }

    /** Cancels: queued items are dropped at once, running ones finish; the batch is {@code cancelling} until they have. */
    public Optional<Batch> cancel(String tenant, String id, long now) {
        db.inTransaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET status = 'cancelling', cancelling_at = ?"
                    + " WHERE id = ? AND tenant = ? AND status IN ('validating', 'in_progress')")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                ps.setString(3, tenant);
                n = ps.executeUpdate();
            }
            if (n > 0) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'cancelled', finished_at = ?"
                        + " WHERE batch_id = ? AND state = 'queued'")) {
                    ps.setLong(1, now);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        return batch(tenant, id);
    }

    /** Moves a batch from one status to the next, stamping the matching time column; false if it was not in {@code from}. */
    boolean transition(String id, String from, String to, long now) {
        String stamp = switch (to) {
            case Batch.FINALIZING -> "finalizing_at";
            case Batch.COMPLETED -> "completed_at";
            case Batch.EXPIRED -> "expired_at";
            case Batch.CANCELLED -> "cancelled_at";
            case Batch.FAILED -> "failed_at";
            default -> throw new IllegalArgumentException("no transition to " + to);
        };
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET status = ?, " + stamp + " = ? WHERE id = ? AND status = ?")) {
                ps.setString(1, to);
                ps.setLong(2, now);
                ps.setString(3, id);
                ps.setString(4, from);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Records the result files and the final status of a batch this node finalized. */
    void finish(String id, String outputFileId, String errorFileId, String status, long now) {
        String stamp = switch (status) {
            case Batch.COMPLETED -> "completed_at";
            case Batch.EXPIRED -> "expired_at";
            case Batch.CANCELLED -> "cancelled_at";
            default -> throw new IllegalArgumentException("not a final status: " + status);
        };
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batches SET output_file_id = ?, error_file_id = ?, status = ?, "
                    + stamp + " = ? WHERE id = ? AND status = 'finalizing'")) {
                ps.setString(1, outputFileId);
                ps.setString(2, errorFileId);
                ps.setString(3, status);
                ps.setLong(4, now);
                ps.setString(5, id);
                return ps.executeUpdate();
            }
        });
    }

    // ---- items ----

    /**
     * Items the drainer may start now, nearest deadline first: queued ones due ({@code not_before} passed)
     * and running ones whose lease ran out. With {@code ownedIdle} false only items that have nothing
     * to wait for qualify — those whose deadline is within the margin ({@code deadline <= nearBefore}) and
     * those with no owned route — plus those not yet looked at (is there an owned route at all?).
     */
    List<BatchItem> claimable(long now, long nearBefore, boolean ownedIdle, int limit) {
        return db.with(c -> {
            String due = ownedIdle ? "" : " AND (owned_route IS NULL OR owned_route = 0 OR deadline <= ?)";
            try (PreparedStatement ps = c.prepareStatement("SELECT id, batch_id, seq, custom_id, body, deadline, attempts, owned_route"
                    + " FROM batch_items WHERE (state = 'queued' AND not_before <= ? OR state = 'running' AND lease_until < ?)"
                    + due + " ORDER BY deadline, batch_id, seq LIMIT ?")) {
                int i = 1;
                ps.setLong(i++, now);
                ps.setLong(i++, now);
                if (!ownedIdle) ps.setLong(i++, nearBefore);
                ps.setInt(i, limit);
                List<BatchItem> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int owned = rs.getInt(8);
                        Boolean ownedRoute = rs.wasNull() ? null : owned == 1;
                        out.add(new BatchItem(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                rs.getLong(6), rs.getInt(7), ownedRoute));
                    }
                }
                return out;
            }
        });
    }

    /** Takes the lease on an item if it is still free (queued, or its lease ran out); false if another node has it. */
    boolean claim(String itemId, String node, long now, long leaseUntil) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'running', lease_owner = ?, lease_until = ?"
                    + " WHERE id = ? AND (state = 'queued' OR state = 'running' AND lease_until < ?)")) {
                ps.setString(1, node);
                ps.setLong(2, leaseUntil);
                ps.setString(3, itemId);
                ps.setLong(4, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Puts a leased item back in the queue, to retry after {@code notBefore}; {@code ownedRoute} (null:
     * unchanged) records whether an owned model can serve it.
     */
    void release(String itemId, String node, long notBefore, boolean countAttempt, Boolean ownedRoute) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'queued', lease_owner = NULL, lease_until = NULL,"
                    + " not_before = ?, attempts = attempts + ?" + (ownedRoute == null ? "" : ownedRoute ? ", owned_route = 1" : ", owned_route = 0")
                    + " WHERE id = ? AND state = 'running' AND lease_owner = ?")) {
                ps.setLong(1, notBefore);
                ps.setInt(2, countAttempt ? 1 : 0);
                ps.setString(3, itemId);
                ps.setString(4, node);
                return ps.executeUpdate();
            }
        });
    }

    /** Records an item's result, if this node still holds its lease. */
    boolean complete(String itemId, String node, Outcome o, long now) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = ?, request_id = ?, route = ?, model = ?,"
                    + " status_code = ?, response = ?, input_tokens = ?, cached_tokens = ?, output_tokens = ?, reasoning_tokens = ?,"
                    + " cost_nusd = ?, sync_nusd = ?, finished_at = ?, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL"
                    + " WHERE id = ? AND state = 'running' AND lease_owner = ?")) {
                int i = 1;
                ps.setString(i++, o.state());
                ps.setString(i++, o.requestId());
                ps.setString(i++, o.route());
                ps.setString(i++, o.model());
                if (o.statusCode() == null) ps.setNull(i++, Types.INTEGER); else ps.setInt(i++, o.statusCode());
                ps.setString(i++, o.response());
                ps.setLong(i++, o.inputTokens());
                ps.setLong(i++, o.cachedTokens());
                ps.setLong(i++, o.outputTokens());
                ps.setLong(i++, o.reasoningTokens());
                ps.setLong(i++, o.costNusd());
                ps.setLong(i++, o.syncNusd());
                ps.setLong(i++, now);
                ps.setString(i++, itemId);
                ps.setString(i, node);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** At start-up: items this node held when it stopped are not running any more; they go back to the queue. */
    int resume(String node) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'queued', lease_owner = NULL, lease_until = NULL"
                    + " WHERE state = 'running' AND lease_owner = ?")) {
                ps.setString(1, node);
                return ps.executeUpdate();
            }
        });
    }

    /** Items of a batch still queued past the deadline become expired (they were never run). */
    int expireQueued(String batchId, long now) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'expired', finished_at = ?"
                    + " WHERE batch_id = ? AND state = 'queued'")) {
                ps.setLong(1, now);
                ps.setString(2, batchId);
                return ps.executeUpdate();
            }
        });
    }

    /** Whether any item of the batch is still queued or running (an index probe, not a count). */
    boolean hasPending(String batchId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM batch_items WHERE batch_id = ? AND state IN ('queued', 'running')"
                    + " LIMIT 1")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public BatchTotals totals(String batchId) {
        return db.with(c -> {
            int total = 0, completed = 0, failed = 0, pending = 0;
            long in = 0, cached = 0, out = 0, reasoning = 0, cost = 0, sync = 0;
            Map<String, Integer> routes = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT state, route, COUNT(*), SUM(input_tokens), SUM(cached_tokens),"
                    + " SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nusd), SUM(sync_nusd) FROM batch_items WHERE batch_id = ?"
                    + " GROUP BY state, route")) {
                ps.setString(1, batchId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString(1);
                        int n = rs.getInt(3);
                        total += n;
                        switch (state) {
                            case BatchItem.DONE -> completed += n;
                            case BatchItem.QUEUED, BatchItem.RUNNING -> pending += n;
                            default -> failed += n;
                        }
                        if (rs.getString(2) != null) routes.merge(rs.getString(2), n, Integer::sum);
                        in += rs.getLong(4);
                        cached += rs.getLong(5);
                        out += rs.getLong(6);
                        reasoning += rs.getLong(7);
                        cost += rs.getLong(8);
                        sync += rs.getLong(9);
                    }
                }
            }
            return new BatchTotals(total, completed, failed, pending, in, cached, out, reasoning, cost, sync, routes);
        });
    }

    /** A finished item's line for the output or error file. */
    public record Result(String id, String customId, String state, String requestId, Integer statusCode, String response) {}

    /** Every item of a batch in input order, for its result files. */
    List<Result> results(String batchId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, custom_id, state, request_id, status_code, response"
                    + " FROM batch_items WHERE batch_id = ? ORDER BY seq")) {
                ps.setString(1, batchId);
                List<Result> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int sc = rs.getInt(5);
                        out.add(new Result(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.wasNull() ? null : sc, rs.getString(6)));
                    }
                }
                return out;
            }
        });
    }

    private static Batch batch(ResultSet rs) throws SQLException {
        return new Batch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getLong(13), longOrNull(rs, 14), rs.getLong(15), longOrNull(rs, 16), longOrNull(rs, 17), longOrNull(rs, 18),
                longOrNull(rs, 19), longOrNull(rs, 20), longOrNull(rs, 21));
    }

    private static Long longOrNull(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }
}
