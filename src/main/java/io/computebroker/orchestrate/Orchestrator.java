package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.Scope;
import io.computebroker.budget.TimeWindow;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.eval.live.AuditLog;
import io.computebroker.identify.Principal;
import io.computebroker.orchestrate.plan.Planner;
import io.computebroker.orchestrate.store.RunRecord;
import io.computebroker.orchestrate.store.RunStore;
import io.computebroker.orchestrate.store.TaskLedger;
import io.computebroker.orchestrate.store.TaskRecord;
import io.computebroker.orchestrate.tools.ToolRegistry;
import io.computebroker.orchestrate.work.TaskRunner;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.store.Database;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The orchestration plane on one node: runs are created here, and every live run gets a driver (one
 * virtual thread) that plans it, hands ready tasks to the bounded worker pool, and aggregates at the
 * end. The plane is a client of the gateway: every model call goes through {@link ModelClient}, i.e.
 * the pipeline, with the run id, the task class and the run's sensitivity.
 *
 * <p>Durability: state lives in the store ({@link RunStore}, {@link TaskLedger}); memory only holds what
 * this node is doing now. A heartbeat renews this node's driver and task leases and adopts runs whose
 * driver is gone (a crashed node, this node before a kill -9). Their leased tasks go back to pending when
 * the lease expires; done tasks keep their results and are never run again.
 *
 * <p>Money: each run has a {@code run}-scope budget of its cap; every call reserves its worst case
 * against it before dispatch, so concurrent workers cannot together overspend. The first refusal ends
 * the run {@code budget_exhausted}: nothing more is scheduled, in-flight tasks finish (their calls hold
 * reservations) or fail at their next call.
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Orchestrator.class.getName());
    /** Marks the aggregator's system prompt (scripted simulators match on it). */
    public static final String AGGREGATOR = "You compose the final answer of an orchestrated run.";

    private final RunStore runs;
    private final TaskLedger tasks;
    private final BudgetStore budgets;
    private final AuditLog audit;
    private final AgentSettings settings;
    private final ToolRegistry registry;
    private final ModelClient models;
    private final Planner planner;
    private final TaskRunner runner;
    private final Scheduler scheduler;
    private final String owner;
    private final long leaseMs;
    private final Semaphore slots;
    private final Set<String> driving = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Thread> drivers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("orchestrate-heartbeat").factory());
    private volatile boolean closed;

    public Orchestrator(Pipeline pipeline, Database db, BudgetStore budgets, AuditLog audit, AgentSettings settings,
                        ModelConfig baseline, String node) {
        this.runs = new RunStore(db);
        this.tasks = new TaskLedger(db);
        this.budgets = budgets;
        this.audit = audit;
        this.settings = settings;
        this.registry = settings.registry();
        this.models = new ModelClient(pipeline, runs, tasks, baseline, settings.maxTokensPerCall());
        this.planner = new Planner(models, settings.planAttempts());
        this.runner = new TaskRunner(models, registry, runs, settings.toolTurns());
        this.owner = node + "/" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        this.leaseMs = settings.leaseSeconds() * 1000L;
        this.slots = new Semaphore(settings.workers());
        this.scheduler = new Scheduler(this);
    }

    /** Starts the heartbeat: lease renewal, and adoption of runs nobody drives (also right now, for a restart). */
    public Orchestrator start() {
        heartbeat.scheduleWithFixedDelay(this::beat, 0, Math.max(100, leaseMs / 3), TimeUnit.MILLISECONDS);
        return this;
    }

    private void beat() {
        try {
            long now = System.currentTimeMillis();
            for (String id : driving) runs.claim(id, owner, now, now + leaseMs);
            scheduler.renewLeases(now + leaseMs);
            for (String id : runs.orphaned(now)) drive(id);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "orchestration heartbeat failed", e);
        }
    }

    public RunStore runs() { return runs; }

    public TaskLedger tasks() { return tasks; }

    public ToolRegistry registry() { return registry; }

    AgentSettings settings() { return settings; }

    String owner() { return owner; }

    long leaseMs() { return leaseMs; }

    Semaphore slots() { return slots; }

    ModelClient models() { return models; }

    TaskRunner runner() { return runner; }

    /** Creates the run (state planning), its budget, and starts driving it. */
    public RunRecord create(Principal principal, RunSpec spec) {
        AgentProfile profile = settings.profile(spec.profile()).orElseThrow(() -> BrokerException.invalid("profile",
                "no agent profile named '" + spec.profile() + "' (configured: " + String.join(", ", new java.util.TreeSet<>(settings.profiles().keySet())) + ")"));
        String id = "run_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        long now = System.currentTimeMillis();
        RunRecord run = new RunRecord(id, principal.tenant(), principal, spec.goal(), profile.name(), spec.sensitivity(), spec.budgetNusd(),
                spec.limits(), RunState.PLANNING, null, null, null, 0, now, null);
        budgets.create(new BudgetSpec(principal.tenant(), Scope.RUN, id, TimeWindow.TOTAL, spec.budgetNusd(), null, BudgetAction.REJECT));
        runs.create(run);
        event(id, "run_created", Json.object().put("goal", spec.goal()).put("profile", profile.name()));
        drive(id);
        return run;
    }

    /** The run if {@code who} may see it: its own tenant, or an admin key. */
    public Optional<RunRecord> visible(String runId, Principal who) {
        return runs.run(runId).filter(r -> who.admin() || r.tenant().equals(who.tenant()));
    }

    public RunRecord cancel(String runId, Principal who) {
        RunRecord run = visible(runId, who).orElseThrow(() -> notFound(runId));
        if (finish(run.id(), RunState.CANCELLED, "cancelled by " + actor(who), null)) audit.record(actor(who), "run.cancel", "run " + runId);
        return runs.run(runId).orElseThrow();
    }

    /** A human's decision on a task waiting in awaiting_approval; audited with who and when. */
    public TaskRecord decide(String runId, String taskId, boolean approve, Principal who) {
        visible(runId, who).orElseThrow(() -> notFound(runId));
        TaskRecord t = tasks.task(runId, taskId);
        if (t == null) throw new BrokerException(ErrorKind.NOT_FOUND, "run " + runId + " has no task '" + taskId + "'");
        long now = System.currentTimeMillis();
        if (!tasks.decide(runId, taskId, approve, actor(who), now)) {
            throw BrokerException.invalid("task", "task " + taskId + " is " + tasks.task(runId, taskId).state().wire() + ", not awaiting approval");
        }
        String action = approve ? "approve" : "reject";
        audit.record(actor(who), "run.task." + action, "run " + runId + " task " + taskId + " (" + t.taskClass().wire() + ", tools "
                + t.tools() + ")");
        event(runId, "task_" + action + "d", Json.object().put("task", taskId).put("by", actor(who)).put("at", now));
        wake(runId);
        return tasks.task(runId, taskId);
    }

    static String actor(Principal p) { return "key " + p.keyId() + (p.keyName() == null ? "" : " (" + p.keyName() + ")"); }

    static BrokerException notFound(String runId) { return new BrokerException(ErrorKind.NOT_FOUND, "no run '" + runId + "'"); }

    void event(String runId, String type, ObjectNode data) {
        runs.event(runId, type, data, System.currentTimeMillis());
    }

    /**
     * Ends a live run in {@code state}; waiting tasks are cancelled. False when it had already ended.
     * The run's remaining budget reservation is nothing: a finished run makes no more calls.
     */
    boolean finish(String runId, RunState state, String reason, String result) {
        long now = System.currentTimeMillis();
        if (!runs.transition(runId, state, reason, result, now)) return false;
        RunRecord r = runs.run(runId).orElseThrow();
        ObjectNode data = Json.object().put("state", state.wire()).put("cost_usd", io.computebroker.budget.Usd.format(r.costNusd()));
        if (reason != null) data.put("reason", reason);
        event(runId, "run_finished", data);
        wake(runId);
        return true;
    }

    /** Starts a driver for the run unless this node already drives it. */
    void drive(String runId) {
        if (closed || !driving.add(runId)) return;
        Thread.ofVirtual().name("run-" + runId).start(() -> {
            drivers.put(runId, Thread.currentThread());
            try {
                scheduler.loop(runId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "driver of " + runId + " stopped; another node (or the next heartbeat) takes over", e);
            } finally {
                drivers.remove(runId);
                driving.remove(runId);
            }
        });
    }

    /** Wakes the run's driver (a task finished, a decision came). */
    void wake(String runId) {
        Thread t = drivers.get(runId);
        if (t != null) java.util.concurrent.locks.LockSupport.unpark(t);
    }

    Planner planner() { return planner; }

    boolean closed() { return closed; }

    @Override
    public void close() {
        closed = true;
        heartbeat.shutdownNow();
        drivers.values().forEach(java.util.concurrent.locks.LockSupport::unpark);
        // Let in-flight tasks commit (or lose) their result before the store closes; a task still running
        // after this keeps its lease only until it expires, then runs again on the next start.
        try {
            if (slots.tryAcquire(settings.workers(), 5, TimeUnit.SECONDS)) slots.release(settings.workers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
