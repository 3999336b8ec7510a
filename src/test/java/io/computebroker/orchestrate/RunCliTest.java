package io.computebroker.orchestrate;

import io.computebroker.cli.BrokerCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code broker run … --watch} and {@code broker approve} against a real broker. */
class RunCliTest {
    static RunFixture f;

    @BeforeAll
    static void start() { f = RunFixture.start(RunsEndToEndTest.SCRIPT, RunsEndToEndTest.AGENTS); }

    @AfterAll
    static void stop() { f.close(); }

    private record Result(int code, String out, String err) {}

    private static synchronized Result cli(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = BrokerCli.commandLine(args).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void runWatchShowsTheTreeAndEndsWithTheReportAgainstTheBaseline() {
        Result r = cli("run", "GOAL-DEPS from the cli", "--budget", "2.00", "--watch", "--url", f.baseUrl, "--key", f.key);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("started").contains("tasks   cost $").contains("✓ t2.a [summarize] done")
                .contains("(plan)").contains("sim/sim-frontier").contains("sim/sim-owned").contains("frontier baseline")
                .contains("against every call on the frontier model").contains("result:");
    }

    @Test
    void approveFromTheCliUnblocksACheckpoint() {
        String id = f.startRun("{\"goal\": \"GOAL-CHECK cli\", \"budget_usd\": \"2\", \"profile\": \"guarded\"}");
        f.await(id, run -> run.get("tasks").size() == 2 && RunFixture.task(run, "deploy").get("state").asText().equals("awaiting_approval"));
        Result shown = cli("run", "--attach", id, "--url", f.baseUrl, "--key", f.key);
        assertThat(shown.out()).contains("total");
        Result approved = cli("approve", id, "deploy", "--url", f.baseUrl, "--key", f.key);
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("task deploy of run " + id + ": approved by key");
        assertThat(f.await(id, RunFixture::finished).get("state").asText()).isEqualTo("done");
        Result again = cli("approve", id, "deploy", "--url", f.baseUrl, "--key", f.key);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("HTTP 400").contains("not awaiting approval");
    }

    @Test
    void aMissingKeyOrGoalIsExplained() {
        assertThat(cli("run", "--url", f.baseUrl, "--key", f.key).err()).contains("give a GOAL and --budget");
        Result bad = cli("run", "x", "--budget", "1", "--url", f.baseUrl, "--key", "sk-cb-wrong");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("HTTP 401");
    }
}
