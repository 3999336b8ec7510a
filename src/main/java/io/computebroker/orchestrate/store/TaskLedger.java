package io.computebroker.orchestrate.store;

import io.computebroker.classify.task.TaskClass;
import io.computebroker.orchestrate.TaskState;
import io.computebroker.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The durable task ledger ({@code run_tasks}). Every state change is one conditional UPDATE that names
 * the state (and lease owner) it expects, so two workers, or two nodes, can never both take or finish
 * the same task: the loser's UPDATE touches no row. A task's result and the subtasks it spawned are
 * written in the same transaction that marks it done, which is what makes a restart safe: a done task
 * has its result and children, a task that was not yet done is simply run again.
 */
public final class TaskLedger {
    private static final String COLUMNS = "run_id, id, parent_id, depth, seq, instruction, task_class, depends_on, tools, acceptance,"
            + " idempotency_key, state, needs_approval, approval, decided_by, decided_at, lease_owner, lease_until, attempts, result,"
            + " error, cost_nusd, created_at, finished_at";
    private final Database db;

    public TaskLedger(Database db) { this.db = db; }

    public List<TaskRecord> tasks(String runId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM run_tasks WHERE run_id = ? ORDER BY seq")) {
                ps.setString(1, runId);
                List<TaskRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(read(rs));
                }
                return out;
            }
        });
    }

    public TaskRecord task(String runId, String taskId) {
        return tasks(runId).stream().filter(t -> t.id().equals(taskId)).findFirst().orElse(null);
    }

    static void insert(Connection c, List<TaskRecord> tasks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_tasks (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (TaskRecord t : tasks) {
                ps.setString(1, t.runId());
                ps.setString(2, t.id());
                ps.setString(3, t.parentId());
                ps.setInt(4, t.depth());
                ps.setInt(5, t.seq());
                ps.setString(6, t.instruction());
                ps.setString(7, t.taskClass().wire());
                ps.setString(8, String.join(",", t.dependsOn()));
                ps.setString(9, String.join(",", t.tools()));
                ps.setString(10, t.acceptance());
                ps.setString(11, t.idempotencyKey());
                ps.setString(12, t.state().wire());
                ps.setInt(13, t.needsApproval() ? 1 : 0);
                ps.setString(14, t.approval());
                ps.setString(15, t.decidedBy());
                ps.setObject(16, t.decidedAt(), Types.BIGINT);
                ps.setString(17, t.leaseOwner());
                ps.setObject(18, t.leaseUntil(), Types.BIGINT);
                ps.setInt(19, t.attempts());
                ps.setString(20, t.result());
                ps.setString(21, t.error());
                ps.setLong(22, t.costNusd());
                ps.setLong(23, t.createdAt());
                ps.setObject(24, t.finishedAt(), Types.BIGINT);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** pending → leased for {@code owner} until {@code untilMs}; false when another worker got it first. */
    public boolean lease(String runId, String taskId, String owner, long untilMs) {
        return update("UPDATE run_tasks SET state = 'leased', lease_owner = ?, lease_until = ?, attempts = attempts + 1"
                + " WHERE run_id = ? AND id = ? AND state = 'pending'", owner, untilMs, runId, taskId) == 1;
    }

    /** leased → running, only for the worker holding the lease. */
    public boolean start(String runId, String taskId, String owner) {
        return update("UPDATE run_tasks SET state = 'running' WHERE run_id = ? AND id = ? AND state = 'leased' AND lease_owner = ?",
                runId, taskId, owner) == 1;
    }

    /** Extends a live lease (workers heartbeat while a model call is in flight); false once it was lost. */
    public boolean renew(String runId, String taskId, String owner, long untilMs) {
        return update("UPDATE run_tasks SET lease_until = ? WHERE run_id = ? AND id = ? AND lease_owner = ? AND state IN ('leased', 'running')",
                untilMs, runId, taskId, owner) == 1;
    }

    /** Leased or running tasks whose lease expired go back to pending: their worker is gone. Returns how many. */
    public int releaseExpired(String runId, long nowMs) {
        return update("UPDATE run_tasks SET state = 'pending', lease_owner = NULL, lease_until = NULL"
                + " WHERE run_id = ? AND state IN ('leased', 'running') AND lease_until < ?", runId, nowMs);
    }

    /** The task needs a human: it leaves the worker and waits. */
    public boolean awaitApproval(String runId, String taskId, String owner) {
        // Waiting is not an attempt: the lease that found the task needing approval is given back.
        return update("UPDATE run_tasks SET state = 'awaiting_approval', lease_owner = NULL, lease_until = NULL, attempts = attempts - 1"
                + " WHERE run_id = ? AND id = ? AND lease_owner = ? AND state IN ('leased', 'running')", runId, taskId, owner) == 1;
    }

    /** A human's decision on a waiting task: approved goes back to pending (and will run), rejected fails it. */
    public boolean decide(String runId, String taskId, boolean approved, String who, long atMs) {
        return approved
                ? update("UPDATE run_tasks SET state = 'pending', approval = 'approved', decided_by = ?, decided_at = ?"
                        + " WHERE run_id = ? AND id = ? AND state = 'awaiting_approval'", who, atMs, runId, taskId) == 1
                : update("UPDATE run_tasks SET state = 'failed', approval = 'rejected', decided_by = ?, decided_at = ?, finished_at = ?,"
                        + " error = ? WHERE run_id = ? AND id = ? AND state = 'awaiting_approval'",
                        who, atMs, atMs, "rejected by " + who, runId, taskId) == 1;
    }

    /**
     * running → done with its result, and its subtasks inserted, in one transaction; false (and nothing
     * written) when the worker lost its lease meanwhile.
     */
    public boolean complete(String runId, String taskId, String owner, String result, List<TaskRecord> children, long nowMs) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE run_tasks SET state = 'done', result = ?, finished_at = ?,"
                    + " lease_owner = NULL, lease_until = NULL WHERE run_id = ? AND id = ? AND state = 'running' AND lease_owner = ?")) {
                bind(ps, result, nowMs, runId, taskId, owner);
                if (ps.executeUpdate() != 1) return false;
            }
            if (!children.isEmpty()) insert(c, children);
            return true;
        });
    }

    /** How many tasks the run holds (planned and spawned), for the max_tasks limit. */
    public int count(String runId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_tasks WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /** Gives the task up: back to pending for another attempt, or failed for good. */
    public boolean fail(String runId, String taskId, String owner, String error, boolean retry, long nowMs) {
        String e = clip(error);
        return retry
                ? update("UPDATE run_tasks SET state = 'pending', error = ?, lease_owner = NULL, lease_until = NULL"
                        + " WHERE run_id = ? AND id = ? AND lease_owner = ?", e, runId, taskId, owner) == 1
                : update("UPDATE run_tasks SET state = 'failed', error = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL"
                        + " WHERE run_id = ? AND id = ? AND lease_owner = ?", e, nowMs, runId, taskId, owner) == 1;
    }

    /** Cancels one task that has not started (e.g. a dependency failed). */
    public boolean cancel(String runId, String taskId, String reason, long nowMs) {
        return update("UPDATE run_tasks SET state = 'cancelled', error = ?, finished_at = ?"
                + " WHERE run_id = ? AND id = ? AND state IN ('pending', 'awaiting_approval')", clip(reason), nowMs, runId, taskId) == 1;
    }

    /** A leased task whose run ended before it started: cancelled by the worker holding it. */
    public boolean abandon(String runId, String taskId, String owner, String reason, long nowMs) {
        return update("UPDATE run_tasks SET state = 'cancelled', error = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL"
                + " WHERE run_id = ? AND id = ? AND lease_owner = ? AND state = 'leased'", clip(reason), nowMs, runId, taskId, owner) == 1;
    }

    public void addCost(String runId, String taskId, long nusd) {
        update("UPDATE run_tasks SET cost_nusd = cost_nusd + ? WHERE run_id = ? AND id = ?", nusd, runId, taskId);
    }

    private int update(String sql, Object... args) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long l) ps.setLong(i + 1, l);
            else if (a instanceof Integer n) ps.setInt(i + 1, n);
            else if (a == null) ps.setNull(i + 1, Types.NULL); // untyped: PostgreSQL infers the column type
            else ps.setString(i + 1, a.toString());
        }
    }

    static String clip(String s) { return s == null || s.length() <= 2000 ? s : s.substring(0, 2000); }

    private static TaskRecord read(ResultSet rs) throws SQLException {
        return new TaskRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getString(6),
                TaskClass.parse(rs.getString(7)), split(rs.getString(8)), split(rs.getString(9)), rs.getString(10), rs.getString(11),
                TaskState.parse(rs.getString(12)), rs.getInt(13) == 1, rs.getString(14), rs.getString(15), longOrNull(rs, 16),
                rs.getString(17), longOrNull(rs, 18), rs.getInt(19), rs.getString(20), rs.getString(21), rs.getLong(22),
                rs.getLong(23), longOrNull(rs, 24));
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    static Long longOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }
}
