package io.computebroker.batch.upstream;

import io.computebroker.batch.BatchItem;
import io.computebroker.batch.BatchQueue;
import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream batches (V9) on SQLite or PostgreSQL. The row and its items' move to state {@code upstream}
 * are written in one transaction before anything is sent, which is what makes "submitted at most once"
 * hold across restarts: an item in state {@code upstream} is never claimed by the drainer again.
 */
public final class UpstreamStore {
    private final Database db;

    public UpstreamStore(Database db) { this.db = db; }

    /** One upstream batch as stored. {@code upstreamId} is null while it is being submitted. */
    public record Row(String id, String provider, String state, String upstreamId, String inputFileId, String upstreamStatus,
                      int items, long createdAt, String leaseOwner, Long leaseUntil) {}

    /** An item going upstream: its ledger request id, the model it is sent to and its synchronous route (null: unknown). */
    public record Member(String itemId, String requestId, String model, String syncModel) {}

    /** An item held by an upstream batch, with what settling it needs. */
    public record Held(BatchItem item, String requestId, String model, String syncModel) {}

    public static final String SUBMITTING = "submitting", SUBMITTED = "submitted", DONE = "done", FAILED = "failed";

    /**
     * Records the upstream batch and moves to it the members this node still leases (an item whose lease
     * another node took meanwhile stays with that node). Returns the ids moved; nothing else may be sent.
     */
    public List<String> open(String id, String provider, String node, long now, long leaseUntil, List<Member> members) {
        return db.inTransaction(c -> {
            List<String> moved = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'upstream', upstream_batch = ?, upstream_model = ?,"
                    + " sync_model = ?, request_id = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'running' AND lease_owner = ?")) {
                for (Member m : members) {
                    ps.setString(1, id);
                    ps.setString(2, m.model());
                    ps.setString(3, m.syncModel());
                    ps.setString(4, m.requestId());
                    ps.setString(5, m.itemId());
                    ps.setString(6, node);
                    if (ps.executeUpdate() == 1) moved.add(m.itemId());
                }
            }
            if (moved.isEmpty()) return moved;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO upstream_batches (id, provider, state, items, created_at,"
                    + " lease_owner, lease_until) VALUES (?, ?, 'submitting', ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, provider);
                ps.setInt(3, moved.size());
                ps.setLong(4, now);
                ps.setString(5, node);
                ps.setLong(6, leaseUntil);
                ps.executeUpdate();
            }
            return moved;
        });
    }

    /** The provider accepted the batch: {@code node} polls it from {@code nextPoll} on. */
    public void submitted(String id, String node, String upstreamId, String inputFileId, String status, long nextPoll) {
        update("UPDATE upstream_batches SET state = 'submitted', upstream_id = ?, input_file_id = COALESCE(?, input_file_id), upstream_status = ?,"
                + " lease_owner = ?, lease_until = ? WHERE id = ?", upstreamId, inputFileId, status, node, nextPoll, id);
    }

    /** Remembers the uploaded input file before the batch is created (a restart can then find the batch by it). */
    public void uploaded(String id, String inputFileId) {
        update("UPDATE upstream_batches SET input_file_id = ? WHERE id = ?", inputFileId, id);
    }

    /** After a poll: the provider's status, and when {@code node} looks again. */
    public void polled(String id, String node, String upstreamStatus, long nextPoll) {
        update("UPDATE upstream_batches SET upstream_status = ?, lease_owner = ?, lease_until = ? WHERE id = ?", upstreamStatus, node, nextPoll, id);
    }

    /**
     * The provider never took the batch (it refused the upload or the creation): its items go back to
     * the queue, to run again after {@code notBefore} (by then on the ordinary route if this one keeps failing).
     */
    public int abandon(String id, long now, long notBefore) {
        return db.inTransaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'queued', upstream_batch = NULL, upstream_model = NULL,"
                    + " attempts = attempts + 1, not_before = ? WHERE upstream_batch = ? AND state = 'upstream'")) {
                ps.setLong(1, notBefore);
                ps.setString(2, id);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE upstream_batches SET state = 'failed', finished_at = ?,"
                    + " lease_owner = NULL, lease_until = NULL WHERE id = ?")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return n;
        });
    }

    /** Every item has its result: the upstream batch is done. */
    public void finish(String id, String upstreamStatus, long now) {
        update("UPDATE upstream_batches SET state = 'done', upstream_status = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ?", upstreamStatus, now, id);
    }

    /** Upstream batches that are due a look (being submitted by a node that stopped, or due a poll). */
    public List<Row> due(long now) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, provider, state, upstream_id, input_file_id, upstream_status, items,"
                    + " created_at, lease_owner, lease_until FROM upstream_batches WHERE state IN ('submitting', 'submitted')"
                    + " AND (lease_until IS NULL OR lease_until <= ?) ORDER BY created_at")) {
                ps.setLong(1, now);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long until = rs.getLong(10);
                        Long leaseUntil = rs.wasNull() ? null : until;
                        out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getInt(7), rs.getLong(8), rs.getString(9), leaseUntil));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Takes the upstream batch for one look once it is due. The node that sent it (and holds its items'
     * budget reservations) looks after it; another node takes over only when it is {@code graceMs}
     * overdue (that node has stopped). False if it is not due for this node or another node took it.
     */
    public boolean claim(String id, String node, long now, long leaseUntil, long graceMs) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE upstream_batches SET lease_owner = ?, lease_until = ? WHERE id = ?"
                    + " AND state IN ('submitting', 'submitted') AND (lease_until IS NULL OR lease_until <= ?"
                    + " AND (lease_owner IS NULL OR lease_owner = ?) OR lease_until <= ?)")) {
                ps.setString(1, node);
                ps.setLong(2, leaseUntil);
                ps.setString(3, id);
                ps.setLong(4, now);
                ps.setString(5, node);
                ps.setLong(6, now - graceMs);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The items the upstream batch still holds (those not yet settled), in input order. */
    public List<Held> held(String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, batch_id, seq, custom_id, body, deadline, attempts, owned_route,"
                    + " request_id, upstream_model, sync_model FROM batch_items WHERE upstream_batch = ? AND state = 'upstream' ORDER BY batch_id, seq")) {
                ps.setString(1, id);
                List<Held> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int owned = rs.getInt(8);
                        Boolean ownedRoute = rs.wasNull() ? null : owned == 1;
                        out.add(new Held(new BatchItem(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                rs.getLong(6), rs.getInt(7), ownedRoute), rs.getString(9), rs.getString(10), rs.getString(11)));
                    }
                }
                return out;
            }
        });
    }

    /** Records an upstream item's result, once: only while the upstream batch still holds it. */
    public boolean complete(String itemId, String upstreamBatch, BatchQueue.Outcome o, long now) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = ?, route = ?, model = ?, status_code = ?,"
                    + " response = ?, input_tokens = ?, cached_tokens = ?, output_tokens = ?, reasoning_tokens = ?, cost_nusd = ?,"
                    + " sync_nusd = ?, finished_at = ?, attempts = attempts + 1 WHERE id = ? AND state = 'upstream' AND upstream_batch = ?")) {
                int i = 1;
                ps.setString(i++, o.state());
                i = BatchQueue.bindResult(ps, i, o);
                ps.setLong(i++, now);
                ps.setString(i++, itemId);
                ps.setString(i, upstreamBatch);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private void update(String sql, Object... args) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    Object a = args[i];
                    if (a == null) ps.setNull(i + 1, Types.VARCHAR);
                    else if (a instanceof Long l) ps.setLong(i + 1, l);
                    else ps.setString(i + 1, a.toString());
                }
                return ps.executeUpdate();
            }
        });
    }
}
