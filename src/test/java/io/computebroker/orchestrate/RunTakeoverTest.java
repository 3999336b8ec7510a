package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two broker nodes on one PostgreSQL store. Node A starts a run that stops at a checkpoint, then goes
 * away; node B serves the approval, adopts the run once A's driver lease has expired, and finishes it.
 * Cancelling is audited and ends the run's queue.
 */
class RunTakeoverTest {
    static final String AGENTS = """
            leaseSeconds: 1
            profiles:
              guarded: {tools: [calculator], approve: {taskClasses: [code]}}
            """;

    @Test
    void anotherNodeAdoptsARunWhoseNodeIsGone() {
        String store = TestStores.freshPostgresUrl();
        RunFixture a = RunFixture.start(RunsEndToEndTest.SCRIPT, AGENTS, store, null);
        String id;
        try {
            id = a.startRun("{\"goal\": \"GOAL-CHECK two nodes\", \"budget_usd\": \"2\", \"profile\": \"guarded\"}");
            a.await(id, r -> r.get("tasks").size() == 2 && RunFixture.task(r, "deploy").get("state").asText().equals("awaiting_approval"));
        } finally {
            a.close();
        }
        try (RunFixture b = RunFixture.start(RunsEndToEndTest.SCRIPT, AGENTS, store, a.key)) {
            assertThat(b.post("/v1/runs/" + id + "/tasks/deploy/approve", "").statusCode()).isEqualTo(200);
            JsonNode run = b.await(id, RunFixture::finished);
            assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("done");
            assertThat(RunFixture.task(run, "after").get("attempts").asInt()).isEqualTo(1);
            assertThat(b.gateway.orchestrator().runs().calls(id).stream().filter(c -> c.purpose().equals("plan")).count())
                    .as("planned once, on node A").isEqualTo(1);

            // Cancel: the waiting task is cancelled with the run, and the action is audited.
            String other = b.startRun("{\"goal\": \"GOAL-CHECK cancel\", \"budget_usd\": \"2\", \"profile\": \"guarded\"}");
            b.await(other, r -> r.get("tasks").size() == 2 && RunFixture.task(r, "deploy").get("state").asText().equals("awaiting_approval"));
            var cancelled = b.post("/v1/runs/" + other + "/cancel", "");
            assertThat(cancelled.statusCode()).isEqualTo(200);
            JsonNode c = b.run(other);
            assertThat(c.get("state").asText()).isEqualTo("cancelled");
            assertThat(c.get("reason").asText()).startsWith("cancelled by key");
            assertThat(RunFixture.task(c, "deploy").get("state").asText()).isEqualTo("cancelled");
            assertThat(RunFixture.task(c, "after").get("state").asText()).isEqualTo("cancelled");
            assertThat(b.post("/v1/runs/" + other + "/tasks/deploy/approve", "").statusCode()).isEqualTo(400);
            long audited = b.gateway.database().with(conn -> {
                try (var ps = conn.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = 'run.cancel' AND detail = ?")) {
                    ps.setString(1, "run " + other);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            assertThat(audited).isEqualTo(1);
        }
    }
}
