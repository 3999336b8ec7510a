package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;
import io.computebroker.orchestrate.store.RunStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestration plane end to end on the scripted simulated fleet, through the real HTTP API: plans,
 * dependent tasks and subtasks, tool permissions, checkpoints, budget caps, sensitivity, the report.
 */
class RunsEndToEndTest {
    static final String SCRIPT = """
            rules:
              - match: "(?s)You are the planner.*GOAL-DEPS"
                reply: |
                  Here is the plan:
                  ```json
                  {"tasks": [
                    {"id": "t1", "instruction": "read document A", "task_class": "summarize", "acceptance": "a summary"},
                    {"id": "t2", "instruction": "audit the documents [SPLIT]", "task_class": "summarize", "depends_on": ["t1"], "acceptance": "audited"},
                    {"id": "t3", "instruction": "collect the totals", "task_class": "extract", "depends_on": ["t1", "t2"], "tools": ["calculator"], "acceptance": "a number"}
                  ]}
                  ```
              - match: "(?s)You are a worker.*\\\\[SPLIT\\\\]"
                reply: '{"result": "two parts", "subtasks": [{"id": "a", "instruction": "audit part one", "task_class": "summarize", "acceptance": "ok"}, {"id": "b", "instruction": "audit part two", "task_class": "summarize", "depends_on": ["a"], "acceptance": "ok"}]}'
              - match: "(?s)You are a worker.*collect the totals"
                tool: {name: calculator, arguments: {expression: "2*(3+4)"}}
              - match: "(?s)GOAL-REASK.*That plan was rejected"
                reply: '{"tasks": [{"id": "only", "instruction": "do it", "task_class": "qa", "acceptance": "done"}]}'
              - match: "(?s)You are the planner.*GOAL-REASK"
                reply: '{"tasks": [{"id": "x", "instruction": "loop", "task_class": "qa", "depends_on": ["y"], "acceptance": "a"}, {"id": "y", "instruction": "loop", "task_class": "qa", "depends_on": ["x"], "acceptance": "a"}]}'
              - match: "(?s)You are the planner.*GOAL-NEVER"
                reply: 'I would rather not plan.'
              - match: "(?s)You are the planner.*GOAL-TOOLS"
                reply: '{"tasks": [{"id": "peek", "instruction": "look at the notes", "task_class": "qa", "tools": ["read_file"], "acceptance": "seen"}]}'
              - match: "(?s)You are the planner.*GOAL-CHECK"
                reply: '{"tasks": [{"id": "deploy", "instruction": "deploy the change", "task_class": "code", "acceptance": "deployed"}, {"id": "after", "instruction": "summarise the deploy", "task_class": "summarize", "depends_on": ["deploy"], "acceptance": "ok"}]}'
              - match: "(?s)You are the planner.*GOAL-BUDGET"
                reply: '{"tasks": [{"id": "c1", "instruction": "write code 1", "task_class": "code", "acceptance": "ok"}, {"id": "c2", "instruction": "write code 2", "task_class": "code", "acceptance": "ok"}, {"id": "c3", "instruction": "write code 3", "task_class": "code", "acceptance": "ok"}, {"id": "c4", "instruction": "write code 4", "task_class": "code", "acceptance": "ok"}, {"id": "c5", "instruction": "write code 5", "task_class": "code", "acceptance": "ok"}, {"id": "c6", "instruction": "write code 6", "task_class": "code", "acceptance": "ok"}, {"id": "c7", "instruction": "write code 7", "task_class": "code", "acceptance": "ok"}, {"id": "c8", "instruction": "write code 8", "task_class": "code", "acceptance": "ok"}, {"id": "c9", "instruction": "write code 9", "task_class": "code", "acceptance": "ok"}, {"id": "c10", "instruction": "write code 10", "task_class": "code", "acceptance": "ok"}]}'
              - match: "(?s)You are the planner.*GOAL-TOOLGATE"
                reply: '{"tasks": [{"id": "sum", "instruction": "collect the totals", "task_class": "math", "tools": ["calculator"], "acceptance": "a number"}]}'
              - match: "(?s)You are the planner.*GOAL-SECRET"
                reply: '{"tasks": [{"id": "s1", "instruction": "review the file", "task_class": "summarize", "acceptance": "ok"}, {"id": "s2", "instruction": "write the fix", "task_class": "code", "depends_on": ["s1"], "acceptance": "ok"}]}'
            """;
    static final String AGENTS = """
            workers: 4
            leaseSeconds: 5
            tools: {sandbox: "${SANDBOX}"}
            profiles:
              default: {tools: [calculator]}
              guarded: {tools: [calculator], approve: {taskClasses: [code]}}
              toolgate: {tools: [calculator], approve: {tools: [calculator]}}
            """;
    static RunFixture f;

    @BeforeAll
    static void start() { f = RunFixture.start(SCRIPT, AGENTS); }

    @AfterAll
    static void stop() { f.close(); }

    private static String body(String goal, String budget, String extra) {
        return "{\"goal\": \"" + goal + "\", \"budget_usd\": \"" + budget + "\"" + extra + "}";
    }

    @Test
    void dependentTasksAndSubtasksCompleteInOrderAndTheReportComparesWithTheFrontierBaseline() {
        String id = f.startRun(body("GOAL-DEPS audit three documents", "2.00", ""));
        JsonNode run = f.await(id, RunFixture::finished);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
        for (String t : List.of("t1", "t2", "t2.a", "t2.b", "t3")) {
            assertThat(RunFixture.task(run, t).get("state").asText()).as(t).isEqualTo("done");
            assertThat(RunFixture.task(run, t).get("attempts").asInt()).as(t).isEqualTo(1);
        }
        assertThat(RunFixture.task(run, "t2").get("subtasks")).hasSize(2);
        assertThat(RunFixture.task(run, "t2.b").get("depends_on").get(0).asText()).isEqualTo("t2.a");
        assertThat(run.get("result").asText()).isNotBlank();
        assertThat(run.get("progress").get("done").asInt()).isEqualTo(5);

        // Order: a dependent starts only after its inputs, including every subtask they spawned, are done.
        List<String> order = new ArrayList<>();
        for (RunStore.Event e : f.gateway.orchestrator().runs().events(id, 0, 1000)) {
            if (e.type().equals("task_started") || e.type().equals("task_done")) order.add(e.type() + ":" + e.data().get("task").asText());
        }
        assertThat(order.indexOf("task_done:t1")).isLessThan(order.indexOf("task_started:t2"));
        assertThat(order.indexOf("task_done:t2.a")).isLessThan(order.indexOf("task_started:t2.b"));
        assertThat(order.indexOf("task_done:t2.b")).isLessThan(order.indexOf("task_started:t3"));

        // The tool call was executed and its result fed back to the model.
        var tools = f.gateway.orchestrator().runs().toolCalls(id);
        assertThat(tools).singleElement().satisfies(t -> {
            assertThat(t.tool()).isEqualTo("calculator");
            assertThat(t.outcome()).isEqualTo("executed");
            assertThat(t.detail()).isEqualTo("14");
        });
        assertThat(RunFixture.task(run, "t3").get("result").asText()).contains("14");

        // Routes: plan and aggregate on the frontier model, the bounded tasks on the owned one.
        JsonNode report = Json.parse(f.get("/v1/runs/" + id + "/report").body());
        Map<String, JsonNode> rows = new java.util.HashMap<>();
        report.get("tasks").forEach(r -> rows.put(r.get("task").asText(), r));
        assertThat(rows.get("(plan)").get("routes").get(0).asText()).isEqualTo("sim/sim-frontier");
        assertThat(rows.get("(aggregate)").get("routes").get(0).asText()).isEqualTo("sim/sim-frontier");
        assertThat(rows.get("t1").get("routes").get(0).asText()).isEqualTo("sim/sim-owned");
        assertThat(rows.get("t3").get("calls").asInt()).isEqualTo(2); // tool call, then the answer
        JsonNode total = report.get("total");
        assertThat(total.get("calls").asInt()).isEqualTo(1 + 5 + 1 + 1); // plan, 5 tasks (t3 twice), aggregate
        assertThat(total.get("cost_nusd").asLong()).isPositive().isLessThan(total.get("baseline_nusd").asLong());
        assertThat(total.get("savings_pct").asDouble()).isGreaterThan(0);
        assertThat(rows.get("t1").get("input_tokens").asLong()).isPositive();

        // Every call is in the token ledger under the run id, with the same total cost.
        assertThat(f.gateway.ledger().flush(Duration.ofSeconds(5))).isTrue();
        long ledgerCost = f.gateway.database().with(c -> {
            try (var ps = c.prepareStatement("SELECT COALESCE(SUM(cost_nusd), 0), COUNT(*) FROM ledger WHERE run_id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(2)).isEqualTo(8);
                    return rs.getLong(1);
                }
            }
        });
        assertThat(ledgerCost).isEqualTo(total.get("cost_nusd").asLong());
    }

    @Test
    void anInvalidPlanIsReAskedWithItsProblemsAndPlanningFailsAfterTheBound() {
        String ok = f.startRun(body("GOAL-REASK", "1.00", ""));
        JsonNode run = f.await(ok, RunFixture::finished);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
        assertThat(f.gateway.orchestrator().runs().calls(ok).stream().filter(c -> c.purpose().equals("plan")).count()).isEqualTo(2);

        String never = f.startRun(body("GOAL-NEVER", "1.00", ""));
        JsonNode failed = f.await(never, RunFixture::finished);
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("reason").asText()).contains("no valid plan after 3 attempt(s)").contains("no JSON object");
        assertThat(f.gateway.orchestrator().runs().calls(never)).hasSize(3);
    }

    @Test
    void aToolTheProfileDoesNotAllowIsDeniedRecordedAndFedBackAsAnError() {
        String id = f.startRun(body("GOAL-TOOLS", "1.00", ""));
        JsonNode run = f.await(id, RunFixture::finished);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
        var tools = f.gateway.orchestrator().runs().toolCalls(id);
        assertThat(tools).singleElement().satisfies(t -> {
            assertThat(t.tool()).isEqualTo("read_file");
            assertThat(t.outcome()).isEqualTo("denied");
            assertThat(t.detail()).contains("not permitted for agent profile 'default'");
        });
        // The simulated model echoes the tool result it got: the denial came back as an error.
        assertThat(RunFixture.task(run, "peek").get("result").asText()).contains("error: tool 'read_file' is not permitted");
        assertThat(f.gateway.orchestrator().runs().events(id, 0, 100)).anyMatch(e -> e.type().equals("tool_denied"));
        JsonNode report = Json.parse(f.get("/v1/runs/" + id + "/report").body());
        assertThat(report.get("tool_calls").get(0).get("outcome").asText()).isEqualTo("denied");
    }

    @Test
    void aCheckpointBlocksTheTaskUntilApprovedAndTheDecisionIsAudited() throws Exception {
        String id = f.startRun(body("GOAL-CHECK", "2.00", ", \"profile\": \"guarded\""));
        f.await(id, r -> r.get("tasks").size() == 2 && RunFixture.task(r, "deploy").get("state").asText().equals("awaiting_approval"));
        Thread.sleep(600); // several scheduling passes: nothing moves without a decision
        JsonNode waiting = f.run(id);
        assertThat(waiting.get("state").asText()).isEqualTo("running");
        assertThat(RunFixture.task(waiting, "deploy").get("state").asText()).isEqualTo("awaiting_approval");
        assertThat(RunFixture.task(waiting, "after").get("state").asText()).isEqualTo("pending");
        assertThat(f.gateway.orchestrator().runs().calls(id)).allMatch(c -> c.purpose().equals("plan"));

        var approved = f.post("/v1/runs/" + id + "/tasks/deploy/approve", "");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(Json.parse(approved.body()).get("decided_by").asText()).contains("runner");
        JsonNode done = f.await(id, RunFixture::finished);
        assertThat(done.get("state").asText()).isEqualTo("done");
        assertThat(RunFixture.task(done, "deploy").get("approval").get("decision").asText()).isEqualTo("approved");
        assertThat(RunFixture.task(done, "deploy").get("attempts").asInt()).isEqualTo(1);
        // A second decision on a task no longer waiting is a 400 naming its state.
        var again = f.post("/v1/runs/" + id + "/tasks/deploy/reject", "");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("is done, not awaiting approval");

        String rejectedRun = f.startRun(body("GOAL-CHECK again", "2.00", ", \"profile\": \"guarded\""));
        f.await(rejectedRun, r -> r.get("tasks").size() == 2 && RunFixture.task(r, "deploy").get("state").asText().equals("awaiting_approval"));
        assertThat(f.post("/v1/runs/" + rejectedRun + "/tasks/deploy/reject", "").statusCode()).isEqualTo(200);
        JsonNode rejected = f.await(rejectedRun, RunFixture::finished);
        assertThat(rejected.get("state").asText()).isEqualTo("failed");
        assertThat(RunFixture.task(rejected, "deploy").get("error").asText()).startsWith("rejected by key");
        assertThat(RunFixture.task(rejected, "after").get("state").asText()).isEqualTo("cancelled");

        List<String> audit = f.gateway.database().with(c -> {
            List<String> out = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT actor, action, detail, at FROM audit_log ORDER BY at")) {
                while (rs.next()) out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4));
            }
            return out;
        });
        assertThat(audit).anyMatch(a -> a.contains("(runner)|run.task.approve|run " + id + " task deploy"));
        assertThat(audit).anyMatch(a -> a.contains("(runner)|run.task.reject|run " + rejectedRun + " task deploy"));
    }

    @Test
    void aTaskDeclaringAHighImpactToolWaitsAndOnceApprovedMayUseIt() {
        String id = f.startRun(body("GOAL-TOOLGATE", "1.00", ", \"profile\": \"toolgate\""));
        f.await(id, r -> r.get("tasks").size() == 1 && RunFixture.task(r, "sum").get("state").asText().equals("awaiting_approval"));
        assertThat(f.post("/v1/runs/" + id + "/tasks/sum/approve", "").statusCode()).isEqualTo(200);
        JsonNode run = f.await(id, RunFixture::finished);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
        assertThat(f.gateway.orchestrator().runs().toolCalls(id)).singleElement()
                .satisfies(t -> assertThat(t.outcome() + " " + t.detail()).isEqualTo("executed 14"));
    }

    @Test
    void subtasksBeyondTheDepthLimitAreRefusedAndTheRunStillCompletes() {
        String id = f.startRun(body("GOAL-DEPS shallow", "2.00", ", \"limits\": {\"max_depth\": 0}"));
        JsonNode run = f.await(id, RunFixture::finished);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
        assertThat(RunFixture.task(run, "t2").has("subtasks")).isFalse();
        assertThat(run.get("progress").get("total").asInt()).isEqualTo(3);
        assertThat(f.gateway.orchestrator().runs().events(id, 0, 100)).anyMatch(e -> e.type().equals("task_done")
                && e.data().path("subtasks_refused").asText().contains("max_depth"));
    }

    @Test
    void aRunPastItsWallTimeEndsFailedWithItsQueueCancelled() {
        String id = f.startRun(body("GOAL-CHECK wall", "2.00", ", \"profile\": \"guarded\", \"limits\": {\"max_wall_seconds\": 1}"));
        JsonNode run = f.await(id, RunFixture::finished);
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("reason").asText()).isEqualTo("wall time limit of 1 s reached");
        run.get("tasks").forEach(t -> assertThat(t.get("state").asText()).isEqualTo("cancelled"));
    }

    @Test
    void theBudgetCapStopsTheRunWithNoOverspend() {
        // The arithmetic makes the outcome independent of scheduling. The plan costs $0.00995 on the frontier model;
        // each code task reserves ~$0.0262 (1024 output tokens at $25/M) and spends $0.0017-0.0025. Of $0.037, after
        // the plan, exactly one reservation fits: a second one, concurrent or after the first task's spend, is refused
        // and ends the run. With 4 workers and 10 tasks, at least 5 were never leased by then: they are cancelled.
        String id = f.startRun(body("GOAL-BUDGET", "0.037", ""));
        // In-flight tasks finish (or fail at their next call) after the run has ended: wait for them too.
        JsonNode run = f.await(id, r -> RunFixture.finished(r) && java.util.stream.StreamSupport.stream(r.get("tasks").spliterator(), false)
                .allMatch(t -> TaskState.parse(t.get("state").asText()).terminal()));
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("budget_exhausted");
        assertThat(run.get("reason").asText()).contains("budget exceeded");
        long budget = run.get("budget_nusd").asLong();
        JsonNode report = Json.parse(f.get("/v1/runs/" + id + "/report").body());
        assertThat(report.get("total").get("cost_nusd").asLong()).isPositive().isLessThanOrEqualTo(budget);
        assertThat(f.gateway.ledger().flush(Duration.ofSeconds(5))).isTrue();
        long spent = f.gateway.database().with(c -> {
            try (var ps = c.prepareStatement("SELECT COALESCE(SUM(cost_nusd), 0) FROM ledger WHERE run_id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(spent).isLessThanOrEqualTo(budget);
        List<String> states = new ArrayList<>();
        run.get("tasks").forEach(t -> states.add(t.get("state").asText()));
        assertThat(states).as(run.toString()).hasSize(10).doesNotContain("pending", "leased", "running");
        // The task whose reservation held finished after the run ended; every other leased one was refused.
        assertThat(states.stream().filter(s -> s.equals("done")).count()).as(run.toString()).isEqualTo(1);
        assertThat(states.stream().filter(s -> s.equals("cancelled")).count()).as(run.toString()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aConfidentialRunKeepsEveryCallOnOwnedModels() {
        String id = f.startRun(body("GOAL-SECRET", "1.00", ", \"sensitivity\": \"confidential\""));
        JsonNode run = f.await(id, RunFixture::finished);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
        var calls = f.gateway.orchestrator().runs().calls(id);
        assertThat(calls).hasSizeGreaterThanOrEqualTo(4).allSatisfy(c -> assertThat(c.model()).isEqualTo("sim-owned"));
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        var noBudget = f.post("/v1/runs", "{\"goal\": \"x\"}");
        assertThat(noBudget.statusCode()).isEqualTo(400);
        assertThat(noBudget.body()).contains("budget_usd");
        var zero = f.post("/v1/runs", body("x", "0", ""));
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(Json.parse(zero.body()).get("error").get("param").asText()).isEqualTo("budget_usd");
        var profile = f.post("/v1/runs", body("x", "1", ", \"profile\": \"nope\""));
        assertThat(profile.statusCode()).isEqualTo(400);
        assertThat(profile.body()).contains("no agent profile named 'nope'");
        var limits = f.post("/v1/runs", body("x", "1", ", \"limits\": {\"max_tasks\": 0}"));
        assertThat(limits.statusCode()).isEqualTo(400);
        assertThat(limits.body()).contains("max_tasks");
        assertThat(f.get("/v1/runs/run_missing").statusCode()).isEqualTo(404);
        assertThat(f.get("/v1/runs/plan-schema").body()).contains("\"depends_on\"");
    }

    @Test
    void theEventFeedStreamsUntilTheRunEnds() throws Exception {
        String id = f.startRun(body("GOAL-REASK feed", "1.00", ""));
        var res = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(f.baseUrl + "/v1/runs/" + id + "/events")).header("authorization", "Bearer " + f.key).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(res.body()).contains("event: run_created").contains("event: planned").contains("event: task_done")
                .contains("event: run_finished");
        assertThat(res.body().strip()).endsWith("}"); // ends after the final event
    }
}
