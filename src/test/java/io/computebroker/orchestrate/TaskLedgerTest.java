package io.computebroker.orchestrate;

import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.Json;
import io.computebroker.identify.Principal;
import io.computebroker.orchestrate.store.RunRecord;
import io.computebroker.orchestrate.store.RunStore;
import io.computebroker.orchestrate.store.TaskLedger;
import io.computebroker.orchestrate.store.TaskRecord;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The durable task ledger's state machine on SQLite and PostgreSQL: leases, expiry, commits, decisions. */
class TaskLedgerTest {
    private static TaskRecord task(String run, String id, List<String> deps, boolean approval) {
        return new TaskRecord(run, id, null, 0, id.hashCode() & 0xff, "do " + id, TaskClass.QA, deps, List.of(), "ok", run + "/" + id,
                TaskState.PENDING, approval, null, null, null, null, null, 0, null, null, 0, 1L, null);
    }

    private static String newRun(RunStore runs, List<TaskRecord> tasks) {
        String id = tasks.getFirst().runId();
        runs.create(new RunRecord(id, "acme", Principal.of("key_1", "acme", "k"), "goal", "default", null, 1_000_000_000L,
                RunLimits.DEFAULT, RunState.PLANNING, null, null, null, 0, 1L, null));
        assertThat(runs.planned(id, "{}", tasks)).isTrue();
        assertThat(runs.planned(id, "{}", tasks)).as("planning commits once").isFalse();
        return id;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void onlyOneWorkerWinsALeaseAndALostLeaseCannotCommit(String kind) throws Exception {
        try (Database db = TestStores.open(kind)) {
            RunStore runs = new RunStore(db);
            TaskLedger ledger = new TaskLedger(db);
            String run = newRun(runs, List.of(task("run_a", "t1", List.of(), false)));

            // Eight workers race for one task: exactly one lease is granted.
            AtomicInteger won = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "w" + i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (ledger.lease(run, "t1", owner, Long.MAX_VALUE)) won.incrementAndGet();
                }));
            }
            go.countDown();
            for (Thread t : threads) t.join();
            assertThat(won.get()).isEqualTo(1);
            String holder = ledger.task(run, "t1").leaseOwner();
            assertThat(ledger.start(run, "t1", holder)).isTrue();

            // The holder dies: its lease expires and the task returns to pending; a new worker takes it.
            assertThat(ledger.releaseExpired(run, Long.MAX_VALUE)).isZero();
            assertThat(ledger.renew(run, "t1", holder, 10L)).isTrue();
            assertThat(ledger.releaseExpired(run, 11L)).isEqualTo(1);
            assertThat(ledger.task(run, "t1").state()).isEqualTo(TaskState.PENDING);
            assertThat(ledger.lease(run, "t1", "w-new", Long.MAX_VALUE)).isTrue();
            assertThat(ledger.start(run, "t1", "w-new")).isTrue();

            // The old holder wakes up and tries to commit: refused, nothing written.
            assertThat(ledger.complete(run, "t1", holder, "stale", List.of(), 5L)).isFalse();
            assertThat(ledger.renew(run, "t1", holder, Long.MAX_VALUE)).isFalse();
            TaskRecord child = new TaskRecord(run, "t1.a", "t1", 1, 9, "sub", TaskClass.QA, List.of(), List.of(), "ok", run + "/t1.a",
                    TaskState.PENDING, false, null, null, null, null, null, 0, null, null, 0, 1L, null);
            assertThat(ledger.complete(run, "t1", "w-new", "fresh", List.of(child), 6L)).isTrue();
            TaskRecord done = ledger.task(run, "t1");
            assertThat(done.state()).isEqualTo(TaskState.DONE);
            assertThat(done.result()).isEqualTo("fresh");
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(ledger.task(run, "t1.a").parentId()).isEqualTo("t1");
            // Done is final: no lease, no second commit.
            assertThat(ledger.lease(run, "t1", "w-x", Long.MAX_VALUE)).isFalse();
            assertThat(ledger.complete(run, "t1", "w-new", "again", List.of(), 7L)).isFalse();
            assertThat(ledger.count(run)).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void approvalsCancellationAndRunTransitions(String kind) {
        try (Database db = TestStores.open(kind)) {
            RunStore runs = new RunStore(db);
            TaskLedger ledger = new TaskLedger(db);
            String run = newRun(runs, List.of(task("run_b", "gate", List.of(), true), task("run_b", "next", List.of("gate"), false)));
            assertThat(ledger.task(run, "next").dependsOn()).containsExactly("gate");

            assertThat(ledger.lease(run, "gate", "w", Long.MAX_VALUE)).isTrue();
            assertThat(ledger.awaitApproval(run, "gate", "w")).isTrue();
            TaskRecord waiting = ledger.task(run, "gate");
            assertThat(waiting.state()).isEqualTo(TaskState.AWAITING_APPROVAL);
            assertThat(waiting.attempts()).as("waiting is not an attempt").isZero();
            assertThat(waiting.leaseOwner()).isNull();
            assertThat(ledger.decide(run, "gate", true, "key k", 42L)).isTrue();
            assertThat(ledger.decide(run, "gate", false, "key k", 43L)).as("decided once").isFalse();
            TaskRecord approved = ledger.task(run, "gate");
            assertThat(approved.state()).isEqualTo(TaskState.PENDING);
            assertThat(approved.approval()).isEqualTo("approved");
            assertThat(approved.decidedBy()).isEqualTo("key k");
            assertThat(approved.decidedAt()).isEqualTo(42L);

            // Ending the run cancels what waits, in the same transaction; an ended run stays ended.
            assertThat(runs.transition(run, RunState.BUDGET_EXHAUSTED, "budget exceeded", null, 50L)).isTrue();
            assertThat(ledger.tasks(run)).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.CANCELLED));
            assertThat(runs.transition(run, RunState.DONE, null, "late", 51L)).isFalse();
            RunRecord r = runs.run(run).orElseThrow();
            assertThat(r.state()).isEqualTo(RunState.BUDGET_EXHAUSTED);
            assertThat(r.finishedAt()).isEqualTo(50L);
            assertThat(r.principal().keyId()).isEqualTo("key_1");
            assertThat(runs.claim(run, "node", 60L, 70L)).as("no driver for an ended run").isFalse();

            // Events are numbered per run, in order.
            runs.event(run, "a", Json.object().put("n", 1), 1L);
            runs.event(run, "b", Json.object().put("n", 2), 2L);
            assertThat(runs.events(run, 0, 10)).extracting(RunStore.Event::seq).containsExactly(1L, 2L);
            assertThat(runs.events(run, 1, 10)).extracting(RunStore.Event::type).containsExactly("b");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void theDriverLeaseIsHeldByOneNodeUntilItExpires(String kind) {
        try (Database db = TestStores.open(kind)) {
            RunStore runs = new RunStore(db);
            String run = newRun(runs, List.of(task("run_c", "t", List.of(), false)));
            assertThat(runs.claim(run, "n1", 100L, 200L)).isTrue();
            assertThat(runs.claim(run, "n2", 150L, 250L)).isFalse();
            assertThat(runs.orphaned(150L)).doesNotContain(run);
            assertThat(runs.claim(run, "n1", 180L, 280L)).as("renewal").isTrue();
            assertThat(runs.orphaned(300L)).contains(run);
            assertThat(runs.claim(run, "n2", 300L, 400L)).as("takeover after expiry").isTrue();
        }
    }
}
