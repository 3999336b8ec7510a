package io.computebroker.batch;

import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The batch lane's durable state (V8 tables) on SQLite or PostgreSQL: batches here, with their
 * {@link BatchFiles files} and their items' {@link BatchQueue queue}. Every read that a caller can
 * reach is scoped to the caller's tenant.
 */
public final class BatchStore {
    private static final String BATCH_COLUMNS = "id, tenant, key_id, endpoint, input_file_id, output_file_id, error_file_id,"
            + " completion_window, status, errors, metadata, signals, created_at, in_progress_at, expires_at, finalizing_at,"
            + " completed_at, failed_at, expired_at, cancelling_at, cancelled_at";

    private final Database db;
    private final BatchFiles files;
    private final BatchQueue queue;

    public BatchStore(Database db) {
        this.db = db;
        this.files = new BatchFiles(db);
        this.queue = new BatchQueue(db);
    }

    /** The input and result files, in the same store. */
    public BatchFiles files() { return files; }

    /** The items, as a leased queue. */
    public BatchQueue queue() { return queue; }

    /** A new item: its line number, caller id and request body (JSON text). */
    public record NewItem(String id, int seq, String customId, String body) {}

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
    public Optional<Batch> batchForDrainer(String id) {
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
                    + (after == null ? "" : Cursor.after("batches", false)) + Cursor.order(false) + " LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenant);
                if (after != null) i = Cursor.bind(ps, i, after, tenant);
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
