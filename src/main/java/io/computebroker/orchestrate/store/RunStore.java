package io.computebroker.orchestrate.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.core.Json;
import io.computebroker.identify.Principal;
import io.computebroker.orchestrate.RunLimits;
import io.computebroker.orchestrate.RunState;
import io.computebroker.policy.Substitution;
import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.computebroker.orchestrate.store.TaskLedger.bind;
import static io.computebroker.orchestrate.store.TaskLedger.clip;
import static io.computebroker.orchestrate.store.TaskLedger.longOrNull;

/**
 * Runs, the model and tool calls they made, and their event feed. A run is driven by one node at a time:
 * {@link #claim} is a conditional UPDATE on the driver lease, so after a node dies another (or the same
 * one, restarted) takes over once the lease has expired.
 */
public final class RunStore {
    private static final String COLUMNS = "id, tenant, principal_json, goal, profile, sensitivity, budget_nusd, max_tasks, max_depth,"
            + " max_wall_ms, state, reason, plan_json, result, cost_nusd, created_at, finished_at";
    private static final String LIVE = "('planning', 'running', 'aggregating')";
    private final Database db;

    public RunStore(Database db) { this.db = db; }

    /** One model call of a run, as the run report shows it. {@code taskId} is null for plan and aggregate calls. */
    public record Call(String requestId, String runId, String taskId, String purpose, String taskClass, String model, String route,
                       long inputTokens, long outputTokens, long costNusd, long baselineNusd, String status, long at) {}

    /** A tool call found in model output: {@code outcome} is executed, denied or error. */
    public record ToolCall(String id, String runId, String taskId, String tool, String arguments, String outcome, String detail, long at) {}

    public record Event(long seq, long at, String type, JsonNode data) {}

    public void create(RunRecord r) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                bind(ps, r.id(), r.tenant(), principalJson(r.principal()), r.goal(), r.profile(),
                        r.sensitivity() == null ? null : r.sensitivity().wire(), r.budgetNusd(), r.limits().maxTasks(), r.limits().maxDepth(),
                        r.limits().maxWallMs(), r.state().wire(), r.reason(), r.planJson(), r.result(), r.costNusd(), r.createdAt(), null);
                ps.setNull(17, Types.BIGINT);
                return ps.executeUpdate();
            }
        });
    }

    public Optional<RunRecord> run(String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Runs not finished whose driver lease is free or expired: the ones a node should pick up. */
    public List<String> orphaned(long nowMs) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE state IN " + LIVE
                    + " AND (driver_until IS NULL OR driver_until < ?) ORDER BY created_at")) {
                ps.setLong(1, nowMs);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    /** Takes (or renews) the driver lease of a live run; false when another live driver holds it. */
    public boolean claim(String runId, String driver, long nowMs, long untilMs) {
        return update("UPDATE runs SET driver = ?, driver_until = ? WHERE id = ? AND state IN " + LIVE
                + " AND (driver IS NULL OR driver = ? OR driver_until < ?)", driver, untilMs, runId, driver, nowMs) == 1;
    }

    /** Stores the validated plan with its tasks, and moves planning → running, in one transaction. */
    public boolean planned(String runId, String planJson, List<TaskRecord> tasks) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET plan_json = ?, state = 'running' WHERE id = ? AND state = 'planning'")) {
                bind(ps, planJson, runId);
                if (ps.executeUpdate() != 1) return false;
            }
            TaskLedger.insert(c, tasks);
            return true;
        });
    }

    /**
     * Moves a live run to {@code to}; false when it had already finished (a cancel won, say). Ending it
     * other than done cancels its waiting tasks in the same transaction, so no reader sees an ended run
     * with work still queued.
     */
    public boolean transition(String runId, RunState to, String reason, String result, long nowMs) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET state = ?, reason = COALESCE(?, reason), result = COALESCE(?, result),"
                    + " finished_at = ? WHERE id = ? AND state IN " + LIVE)) {
                bind(ps, to.wire(), clip(reason), result, to.terminal() ? nowMs : null, runId);
                if (ps.executeUpdate() != 1) return false;
            }
            if (to.terminal() && to != RunState.DONE) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE run_tasks SET state = 'cancelled', error = ?, finished_at = ?"
                        + " WHERE run_id = ? AND state IN ('pending', 'awaiting_approval')")) {
                    bind(ps, clip("run " + to.wire() + (reason == null ? "" : ": " + reason)), nowMs, runId);
                    ps.executeUpdate();
                }
            }
            return true;
        });
    }

    public void recordCall(Call k) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_calls (request_id, run_id, task_id, purpose, task_class, model,"
                    + " route, input_tokens, output_tokens, cost_nusd, baseline_nusd, status, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                bind(ps, k.requestId(), k.runId(), k.taskId(), k.purpose(), k.taskClass(), k.model(), k.route(), k.inputTokens(),
                        k.outputTokens(), k.costNusd(), k.baselineNusd(), k.status(), k.at());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET cost_nusd = cost_nusd + ? WHERE id = ?")) {
                bind(ps, k.costNusd(), k.runId());
                return ps.executeUpdate();
            }
        });
    }

    public List<Call> calls(String runId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id, run_id, task_id, purpose, task_class, model, route, input_tokens,"
                    + " output_tokens, cost_nusd, baseline_nusd, status, at FROM run_calls WHERE run_id = ? ORDER BY at, request_id")) {
                ps.setString(1, runId);
                List<Call> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Call(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                            rs.getString(12), rs.getLong(13)));
                }
                return out;
            }
        });
    }

    public void recordTool(ToolCall t) {
        update("INSERT INTO run_tool_calls (id, run_id, task_id, tool, arguments, outcome, detail, at) VALUES (?,?,?,?,?,?,?,?)",
                t.id(), t.runId(), t.taskId(), t.tool(), clip(t.arguments()), t.outcome(), clip(t.detail()), t.at());
    }

    public List<ToolCall> toolCalls(String runId) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, run_id, task_id, tool, arguments, outcome, detail, at"
                    + " FROM run_tool_calls WHERE run_id = ? ORDER BY at, id")) {
                ps.setString(1, runId);
                List<ToolCall> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new ToolCall(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8)));
                }
                return out;
            }
        });
    }

    /**
     * Appends an event with the next sequence number. Two nodes may append at once (PostgreSQL): the
     * primary key refuses the second, which then takes the next number.
     */
    public long event(String runId, String type, JsonNode data, long nowMs) {
        for (int attempt = 0; ; attempt++) {
            try {
                return db.inTransaction(c -> {
                    long seq;
                    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM run_events WHERE run_id = ?")) {
                        ps.setString(1, runId);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            seq = rs.getLong(1);
                        }
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_events (run_id, seq, at, type, data) VALUES (?,?,?,?,?)")) {
                        bind(ps, runId, seq, nowMs, type, Json.write(data));
                        ps.executeUpdate();
                    }
                    return seq;
                });
            } catch (Database.StoreException e) {
                if (attempt >= 5) throw e;
            }
        }
    }

    /** Events after {@code afterSeq}, oldest first. */
    public List<Event> events(String runId, long afterSeq, int limit) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, type, data FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq")) {
                ps.setString(1, runId);
                ps.setLong(2, afterSeq);
                ps.setMaxRows(limit);
                List<Event> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Event(rs.getLong(1), rs.getLong(2), rs.getString(3), Json.parse(rs.getString(4))));
                }
                return out;
            }
        });
    }

    private int update(String sql, Object... args) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    private static String principalJson(Principal p) {
        ObjectNode n = Json.object().put("key_id", p.keyId()).put("tenant", p.tenant()).put("key_name", p.keyName())
                .put("sensitivity_floor", p.sensitivityFloor().wire()).put("admin", p.admin());
        if (p.substitution() != null) n.put("substitution", p.substitution().name());
        if (p.defaultFeature() != null) n.put("default_feature", p.defaultFeature());
        if (p.rpmLimit() != null) n.put("rpm_limit", p.rpmLimit());
        if (p.tpmLimit() != null) n.put("tpm_limit", p.tpmLimit());
        return Json.write(n);
    }

    private static Principal principal(String json) {
        JsonNode n = Json.parse(json);
        return new Principal(n.path("key_id").asText(), n.path("tenant").asText(), n.path("key_name").asText(null),
                Sensitivity.parse(n.path("sensitivity_floor").asText("public")),
                n.hasNonNull("substitution") ? Substitution.parse(n.get("substitution").asText()) : null,
                n.path("default_feature").asText(null), n.hasNonNull("rpm_limit") ? n.get("rpm_limit").asInt() : null,
                n.hasNonNull("tpm_limit") ? n.get("tpm_limit").asInt() : null, n.path("admin").asBoolean());
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        String sens = rs.getString(6);
        return new RunRecord(rs.getString(1), rs.getString(2), principal(rs.getString(3)), rs.getString(4), rs.getString(5),
                sens == null ? null : Sensitivity.parse(sens), rs.getLong(7), new RunLimits(rs.getInt(8), rs.getInt(9), rs.getLong(10)),
                RunState.parse(rs.getString(11)), rs.getString(12), rs.getString(13), rs.getString(14), rs.getLong(15), rs.getLong(16),
                longOrNull(rs, 17));
    }
}
