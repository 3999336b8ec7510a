package io.computebroker.cli;

import io.computebroker.eval.cascade.CascadeSpec;
import io.computebroker.policy.EscalationScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tune-cascade --learned} end to end on the data of CascadeTunerTest's learned case: agreement on D is
 * wrong, so only a scorer (which sees the winning letter) reaches 1.0 under a 0.61 cap; it writes the cascade
 * YAML and the task's scorer file next to it, and the YAML loads back with the scorer's tier.
 */
class TuneCascadeCommandTest {
    @TempDir Path dir;

    static String line(String id, double ok, String a1, String a2) {
        return "{\"id\":\"" + id + "\",\"prompt\":\"q " + id + "\",\"task\":\"mc\",\"results\":{"
                + "\"c1\":{\"score\":" + ok + ",\"cost_usd\":0.01,\"response\":\"" + a1 + "\"},"
                + "\"c2\":{\"score\":" + ok + ",\"cost_usd\":0.01,\"response\":\"" + a2 + "\"},"
                + "\"big\":{\"score\":1,\"cost_usd\":0.1,\"response\":\"B\"}}}\n";
    }

    @Test
    void learnedWritesTheCascadeAndItsScorer() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 30; i++) data.append(line("b" + i, 1, "B", "B"));
        for (int i = 0; i < 10; i++) data.append(line("d" + i, 0, "D", "D"));
        for (int i = 0; i < 10; i++) data.append(line("x" + i, 0, "A", "C"));
        Path train = dir.resolve("train.jsonl"), out = dir.resolve("casc.yaml");
        Files.writeString(train, data);

        String printed = run("--data", train.toString(), "--out", out.toString(), "--max-cost", "0.61", "--learned");
        Path scorer = dir.resolve("casc.mc.scorer.json");
        assertThat(printed).contains("training accuracy 1.0000").contains("learned:" + scorer).contains("wrote " + out);
        assertThat(EscalationScorer.load(scorer.toString()).models()).containsExactly("c1", "c2");
        CascadeSpec spec = CascadeSpec.load(out);
        assertThat(spec.planFor("mc").cascade().learned()).isTrue();
        assertThat(spec.planFor("mc").models()).isEqualTo(List.of("c1", "c2"));

        // without --learned the same cap only buys agreement: 0.8
        assertThat(run("--data", train.toString(), "--out", dir.resolve("agree.yaml").toString(), "--max-cost", "0.61"))
                .contains("training accuracy 0.8000").doesNotContain("learned:");
    }

    String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new TuneCascadeCommand()).execute(args);
            assertThat(code).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
