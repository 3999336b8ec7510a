package io.computebroker.batch;

import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch items as a durable queue. Items are claimed with a lease by a conditional UPDATE, so two nodes
 * never run the same item while its lease holds, and an item whose node died becomes claimable again
 * when the lease runs out (or at once when that node restarts).
 */
public final class BatchQueue {
    private final Database db;

    BatchQueue(Database db) { this.db = db; }

    /** What running an item produced; {@code response} is the answer or error body (JSON text). */
    public record Outcome(String state, String requestId, String route, String model, Integer statusCode, String response,
                          long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens, long costNusd, long syncNusd) {}

    // ---- batches ----

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

    /**
     * Binds an outcome's result columns in their fixed order (route, model, status_code, response, input,
     * cached, output and reasoning tokens, cost_nusd, sync_nusd) from {@code i}; returns the next index.
     */
    public static int bindResult(PreparedStatement ps, int i, Outcome o) throws java.sql.SQLException {
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
        return i;
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
                i = bindResult(ps, i, o);
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

    /** Queued items of a cancelled batch are dropped (one that was briefly leased meanwhile is caught on the next pass). */
    int cancelQueued(String batchId, long now) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE batch_items SET state = 'cancelled', finished_at = ?"
                    + " WHERE batch_id = ? AND state = 'queued'")) {
                ps.setLong(1, now);
                ps.setString(2, batchId);
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

    /** Whether any item of the batch is still queued, running or in a provider's batch (an index probe, not a count). */
    boolean hasPending(String batchId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM batch_items WHERE batch_id = ? AND state IN ('queued', 'running', 'upstream')"
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
                            case BatchItem.QUEUED, BatchItem.RUNNING, BatchItem.UPSTREAM -> pending += n;
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
}
