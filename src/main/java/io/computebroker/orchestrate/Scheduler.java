package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.orchestrate.plan.PlannedTask;
import io.computebroker.orchestrate.plan.Planner;
import io.computebroker.orchestrate.store.RunRecord;
import io.computebroker.orchestrate.store.TaskRecord;
import io.computebroker.orchestrate.work.TaskRunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One run's driver loop and the worker body. A task is ready when it is pending and each task it
 * depends on is done together with every subtask that task spawned (recursively): a dependent sees the
 * whole work of its inputs. A task whose input failed or was cancelled is cancelled with the reason.
 */
final class Scheduler {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int RESULT_CLIP = 4000;

    private final Orchestrator o;
    /** Tasks this node is executing, renewed by the heartbeat: key run id + '\n' + task id. */
    private final Set<String> inflight = ConcurrentHashMap.newKeySet();

    Scheduler(Orchestrator o) { this.o = o; }

    void renewLeases(long untilMs) {
        for (String k : inflight) {
            String[] p = k.split("\n", 2);
            o.tasks().renew(p[0], p[1], o.owner(), untilMs);
        }
    }

    void loop(String runId) {
        long claimed = 0;
        while (!o.closed()) {
            long now = System.currentTimeMillis();
            // Re-claiming (a write) once a third of the lease has passed is enough; the heartbeat renews too.
            if (now - claimed >= o.leaseMs() / 3) {
                if (!o.runs().claim(runId, o.owner(), now, now + o.leaseMs())) return; // another node drives it now
                claimed = now;
            }
            RunRecord run = o.runs().run(runId).orElseThrow();
            if (run.state().terminal()) return;
            if (now > run.createdAt() + run.limits().maxWallMs()) {
                o.finish(runId, RunState.FAILED, "wall time limit of " + run.limits().maxWallMs() / 1000 + " s reached", null);
                continue;
            }
            switch (run.state()) {
                case PLANNING -> plan(run);
                case RUNNING -> {
                    if (schedule(run)) continue;
                }
                case AGGREGATING -> aggregate(run);
                default -> { }
            }
            LockSupport.parkNanos(IDLE_NANOS);
        }
    }

    private void plan(RunRecord run) {
        AgentProfile profile = o.settings().profile(run.profile()).orElse(new AgentProfile(run.profile(), List.of(), null));
        try {
            Planner.Plan plan = o.planner().plan(run, o.registry().names());
            List<TaskRecord> rows = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int i = 0; i < plan.tasks().size(); i++) {
                rows.add(record(run, plan.tasks().get(i), null, 0, i, profile, now));
            }
            if (o.runs().planned(run.id(), Json.write(plan.json()), rows)) {
                o.event(run.id(), "planned", Json.object().put("tasks", rows.size()));
            }
        } catch (Planner.PlanningFailed e) {
            o.finish(run.id(), RunState.FAILED, e.getMessage(), null);
        } catch (BrokerException e) {
            callFailed(run, "planning", e);
        }
    }

    private void callFailed(RunRecord run, String stage, BrokerException e) {
        if (e.kind() == ErrorKind.BUDGET_EXCEEDED) o.finish(run.id(), RunState.BUDGET_EXHAUSTED, stage + ": " + e.getMessage(), null);
        else o.finish(run.id(), RunState.FAILED, stage + " call failed: " + e.getMessage(), null);
    }

    private static TaskRecord record(RunRecord run, PlannedTask p, TaskRecord parent, int depth, int seq, AgentProfile profile, long now) {
        String prefix = parent == null ? "" : parent.id() + ".";
        String id = prefix + p.id();
        List<String> deps = p.dependsOn().stream().map(d -> prefix + d).toList();
        return new TaskRecord(run.id(), id, parent == null ? null : parent.id(), depth, seq, p.instruction(), p.taskClass(), deps, p.tools(),
                p.acceptance(), run.id() + "/" + id, TaskState.PENDING, profile.needsApproval(p.taskClass(), p.tools()), null, null, null,
                null, null, 0, null, null, 0, now, null);
    }

    /** One scheduling pass. Returns true when the run changed state (the loop then re-reads it at once). */
    private boolean schedule(RunRecord run) {
        long now = System.currentTimeMillis();
        o.tasks().releaseExpired(run.id(), now);
        List<TaskRecord> all = o.tasks().tasks(run.id());
        Map<String, TaskRecord> byId = all.stream().collect(Collectors.toMap(TaskRecord::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, List<TaskRecord>> children = all.stream().filter(t -> t.parentId() != null)
                .collect(Collectors.groupingBy(TaskRecord::parentId));
        for (TaskRecord t : all) {
            if (t.state() != TaskState.PENDING) continue;
            String broken = t.dependsOn().stream().map(d -> brokenIn(d, byId, children)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (broken != null && o.tasks().cancel(run.id(), t.id(), "input " + broken, now)) {
                o.event(run.id(), "task_cancelled", Json.object().put("task", t.id()).put("reason", "input " + broken));
                return true;
            }
        }
        if (all.stream().allMatch(t -> t.state().terminal())) {
            TaskRecord bad = all.stream().filter(t -> t.state() != TaskState.DONE).findFirst().orElse(null);
            if (bad != null) {
                o.finish(run.id(), RunState.FAILED, "task " + bad.id() + " " + bad.state().wire() + ": " + bad.error(), null);
            } else if (o.runs().transition(run.id(), RunState.AGGREGATING, null, null, now)) {
                o.event(run.id(), "aggregating", Json.object().put("tasks", all.size()));
            }
            return true;
        }
        for (TaskRecord t : all) {
            if (t.state() != TaskState.PENDING || !t.dependsOn().stream().allMatch(d -> doneDeep(d, byId, children))) continue;
            if (!o.slots().tryAcquire()) break;
            if (!o.tasks().lease(run.id(), t.id(), o.owner(), now + o.leaseMs())) {
                o.slots().release();
                continue;
            }
            String key = run.id() + "\n" + t.id();
            inflight.add(key);
            Map<String, String> inputs = inputs(t, byId, children);
            Thread.ofVirtual().name("task-" + t.id()).start(() -> {
                try {
                    execute(run, t, inputs);
                } finally {
                    inflight.remove(key);
                    o.slots().release();
                    o.wake(run.id());
                }
            });
        }
        return false;
    }

    /** "t2 failed" when the task or one of its subtasks failed or was cancelled; null otherwise. */
    private static String brokenIn(String id, Map<String, TaskRecord> byId, Map<String, List<TaskRecord>> children) {
        TaskRecord t = byId.get(id);
        if (t == null) return id + " is missing";
        if (t.state() == TaskState.FAILED || t.state() == TaskState.CANCELLED) return id + " " + t.state().wire();
        for (TaskRecord c : children.getOrDefault(id, List.of())) {
            String b = brokenIn(c.id(), byId, children);
            if (b != null) return b;
        }
        return null;
    }

    private static boolean doneDeep(String id, Map<String, TaskRecord> byId, Map<String, List<TaskRecord>> children) {
        TaskRecord t = byId.get(id);
        return t != null && t.state() == TaskState.DONE
                && children.getOrDefault(id, List.of()).stream().allMatch(c -> doneDeep(c.id(), byId, children));
    }

    /** The results a task works from: each input's result, and its subtasks' results under their ids. */
    private static Map<String, String> inputs(TaskRecord t, Map<String, TaskRecord> byId, Map<String, List<TaskRecord>> children) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String d : t.dependsOn()) collect(d, byId, children, out);
        return out;
    }

    private static void collect(String id, Map<String, TaskRecord> byId, Map<String, List<TaskRecord>> children, Map<String, String> out) {
        TaskRecord t = byId.get(id);
        if (t == null) return;
        out.put(id, clip(t.result()));
        for (TaskRecord c : children.getOrDefault(id, List.of())) collect(c.id(), byId, children, out);
    }

    private static String clip(String s) { return s == null ? "" : s.length() <= RESULT_CLIP ? s : s.substring(0, RESULT_CLIP) + "…"; }

    /** The worker body: approval gate, execution through the gateway, then result and subtasks in one commit. */
    private void execute(RunRecord run, TaskRecord t, Map<String, String> inputs) {
        String owner = o.owner();
        long now = System.currentTimeMillis();
        int attempt = t.attempts() + 1;
        try {
            if (t.needsApproval() && t.approval() == null) {
                if (o.tasks().awaitApproval(run.id(), t.id(), owner)) {
                    o.event(run.id(), "task_awaiting_approval", Json.object().put("task", t.id()).put("task_class", t.taskClass().wire())
                            .set("tools", Json.MAPPER.valueToTree(t.tools())));
                }
                return;
            }
            if (attempt > o.settings().taskAttempts()) {
                o.tasks().fail(run.id(), t.id(), owner, "gave up after " + t.attempts() + " attempt(s): " + t.error(), false, now);
                o.event(run.id(), "task_failed", Json.object().put("task", t.id()).put("error", "too many attempts"));
                return;
            }
            RunState now0 = o.runs().run(run.id()).map(RunRecord::state).orElse(RunState.CANCELLED);
            if (now0.terminal()) { // the run ended (cancelled, out of budget) after this task was leased
                o.tasks().abandon(run.id(), t.id(), owner, "run " + now0.wire(), now);
                return;
            }
            if (!o.tasks().start(run.id(), t.id(), owner)) return;
            o.event(run.id(), "task_started", Json.object().put("task", t.id()).put("attempt", attempt));
            AgentProfile profile = o.settings().profile(run.profile()).orElse(new AgentProfile(run.profile(), List.of(), null));
            int room = run.limits().maxTasks() - o.tasks().count(run.id());
            TaskRunner.Outcome out = o.runner().run(run, t, profile, inputs, Math.max(0, room));
            List<TaskRecord> kids = new ArrayList<>();
            long done = System.currentTimeMillis();
            int seq = o.tasks().tasks(run.id()).stream().mapToInt(TaskRecord::seq).max().orElse(0) + 1;
            for (PlannedTask p : out.subtasks()) kids.add(record(run, p, t, t.depth() + 1, seq++, profile, done));
            if (!o.tasks().complete(run.id(), t.id(), owner, out.result(), kids, done)) return; // lease lost: another worker owns it now
            ObjectNode ev = Json.object().put("task", t.id());
            if (!kids.isEmpty()) {
                ArrayNode ids = ev.putArray("subtasks");
                kids.forEach(k -> ids.add(k.id()));
            }
            if (out.refused() != null) ev.put("subtasks_refused", out.refused());
            o.event(run.id(), "task_done", ev);
        } catch (BrokerException e) {
            boolean budget = e.kind() == ErrorKind.BUDGET_EXCEEDED;
            boolean retry = !budget && attempt < o.settings().taskAttempts();
            o.tasks().fail(run.id(), t.id(), owner, e.getMessage(), retry, System.currentTimeMillis());
            o.event(run.id(), retry ? "task_retry" : "task_failed", Json.object().put("task", t.id()).put("error", e.getMessage()));
            if (budget) o.finish(run.id(), RunState.BUDGET_EXHAUSTED, "task " + t.id() + ": " + e.getMessage(), null);
        } catch (RuntimeException e) {
            boolean retry = attempt < o.settings().taskAttempts();
            o.tasks().fail(run.id(), t.id(), owner, e.toString(), retry, System.currentTimeMillis());
            o.event(run.id(), retry ? "task_retry" : "task_failed", Json.object().put("task", t.id()).put("error", e.toString()));
        }
    }

    /** The final call: composes the answer from the task results (not from a re-read of the whole context). */
    private void aggregate(RunRecord run) {
        StringBuilder user = new StringBuilder("Goal: ").append(run.goal()).append("\nTask results:");
        for (TaskRecord t : o.tasks().tasks(run.id())) {
            user.append("\n[").append(t.id()).append("] ").append(t.instruction()).append("\n→ ").append(clip(t.result()));
        }
        try {
            var reply = o.models().call(run, null, "aggregate", TaskClass.REASONING,
                    Orchestrator.AGGREGATOR + " Answer the goal from the task results below; do not invent results.",
                    List.of(Message.user(user.toString())), List.of(), false);
            o.finish(run.id(), RunState.DONE, null, reply.text());
        } catch (BrokerException e) {
            callFailed(run, "aggregation", e);
        }
    }
}
