package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.budget.Usd;
import io.computebroker.core.Json;
import io.computebroker.orchestrate.store.RunRecord;
import io.computebroker.orchestrate.store.RunStore;
import io.computebroker.orchestrate.store.TaskRecord;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The JSON the runs API answers with: a run with its task tree, and the run report. */
public final class RunViews {
    private RunViews() {}

    public static ObjectNode run(RunRecord r, List<TaskRecord> tasks) {
        ObjectNode n = Json.object().put("id", r.id()).put("state", r.state().wire()).put("goal", r.goal()).put("profile", r.profile())
                .put("sensitivity", r.sensitivity() == null ? null : r.sensitivity().wire())
                .put("budget_usd", Usd.format(r.budgetNusd())).put("cost_usd", Usd.format(r.costNusd()))
                .put("budget_nusd", r.budgetNusd()).put("cost_nusd", r.costNusd()).put("created_at", r.createdAt());
        n.putObject("limits").put("max_tasks", r.limits().maxTasks()).put("max_depth", r.limits().maxDepth())
                .put("max_wall_seconds", r.limits().maxWallMs() / 1000);
        if (r.finishedAt() != null) n.put("finished_at", r.finishedAt());
        if (r.reason() != null) n.put("reason", r.reason());
        long done = tasks.stream().filter(t -> t.state() == TaskState.DONE).count();
        n.putObject("progress").put("done", done).put("finished", tasks.stream().filter(t -> t.state().terminal()).count())
                .put("total", tasks.size());
        ArrayNode tree = n.putArray("tasks");
        for (TaskRecord t : tasks) if (t.parentId() == null) tree.add(task(t, tasks));
        n.put("result", r.result());
        return n;
    }

    private static ObjectNode task(TaskRecord t, List<TaskRecord> all) {
        ObjectNode n = Json.object().put("id", t.id()).put("state", t.state().wire()).put("task_class", t.taskClass().wire())
                .put("instruction", t.instruction()).put("attempts", t.attempts()).put("cost_usd", Usd.format(t.costNusd()));
        n.set("depends_on", Json.MAPPER.valueToTree(t.dependsOn()));
        n.set("tools", Json.MAPPER.valueToTree(t.tools()));
        if (t.acceptance() != null) n.put("acceptance", t.acceptance());
        if (t.needsApproval()) {
            ObjectNode a = n.putObject("approval").put("required", true).put("decision", t.approval());
            if (t.decidedBy() != null) a.put("by", t.decidedBy()).put("at", t.decidedAt());
        }
        if (t.result() != null) n.put("result", t.result());
        if (t.error() != null) n.put("error", t.error());
        ArrayNode kids = Json.MAPPER.createArrayNode();
        for (TaskRecord c : all) if (t.id().equals(c.parentId())) kids.add(task(c, all));
        if (!kids.isEmpty()) n.set("subtasks", kids);
        return n;
    }

    /** Per-task routes, tokens and cost, plus totals against the all-frontier baseline. */
    public static ObjectNode report(RunRecord r, List<TaskRecord> tasks, List<RunStore.Call> calls, List<RunStore.ToolCall> tools) {
        ObjectNode n = Json.object().put("run", r.id()).put("state", r.state().wire()).put("budget_usd", Usd.format(r.budgetNusd()));
        if (r.reason() != null) n.put("reason", r.reason());
        Map<String, List<RunStore.Call>> byTask = new LinkedHashMap<>();
        byTask.put("(plan)", calls.stream().filter(c -> c.purpose().equals("plan")).toList());
        for (TaskRecord t : tasks) byTask.put(t.id(), calls.stream().filter(c -> t.id().equals(c.taskId())).toList());
        byTask.put("(aggregate)", calls.stream().filter(c -> c.purpose().equals("aggregate")).toList());
        ArrayNode rows = n.putArray("tasks");
        byTask.forEach((id, cs) -> {
            TaskRecord t = tasks.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (t == null && cs.isEmpty()) return;
            ObjectNode row = rows.addObject().put("task", id).put("state", t == null ? (cs.isEmpty() ? null : "done") : t.state().wire())
                    .put("task_class", t == null ? (cs.isEmpty() ? null : cs.getFirst().taskClass()) : t.taskClass().wire())
                    .put("calls", cs.size());
            var routes = new LinkedHashSet<String>();
            cs.stream().map(RunStore.Call::route).filter(Objects::nonNull).forEach(routes::add);
            row.set("routes", Json.MAPPER.valueToTree(routes));
            totals(row, cs);
        });
        ObjectNode total = totals(n.putObject("total").put("calls", calls.size()), calls);
        long cost = calls.stream().mapToLong(RunStore.Call::costNusd).sum(), base = calls.stream().mapToLong(RunStore.Call::baselineNusd).sum();
        total.put("savings_pct", base == 0 ? 0.0 : Math.round(1000.0 * (base - cost) / base) / 10.0);
        ArrayNode tc = n.putArray("tool_calls");
        for (RunStore.ToolCall t : tools) {
            tc.addObject().put("task", t.taskId()).put("tool", t.tool()).put("outcome", t.outcome()).put("detail", t.detail()).put("at", t.at());
        }
        return n;
    }

    private static ObjectNode totals(ObjectNode row, List<RunStore.Call> cs) {
        long cost = cs.stream().mapToLong(RunStore.Call::costNusd).sum();
        long base = cs.stream().mapToLong(RunStore.Call::baselineNusd).sum();
        return row.put("input_tokens", cs.stream().mapToLong(RunStore.Call::inputTokens).sum())
                .put("output_tokens", cs.stream().mapToLong(RunStore.Call::outputTokens).sum())
                .put("cost_usd", Usd.format(cost)).put("baseline_usd", Usd.format(base))
                .put("cost_nusd", cost).put("baseline_nusd", base);
    }
}
