package io.computebroker.cli;

import io.computebroker.eval.data.RoutingDataset;
import io.computebroker.eval.data.RoutingExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataCommandTest {
    @TempDir Path dir;

    @Test
    void importsSplitsAndPrintsCountsPerTaskAndModel() throws Exception {
        Path in = Path.of(DataCommandTest.class.getResource("/eval/routellm/mmlu_responses").toURI());
        Path gsm = Path.of(DataCommandTest.class.getResource("/eval/routellm/gsm8k_responses.csv").toURI());
        Path out = dir.resolve("rl.jsonl");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = new CommandLine(new DataCommand()).execute("import", "--format", "routellm",
                    "--in", in.toString(), gsm.toString(), "--out", out.toString(), "--split", "0.5", "--seed", "7");
        } finally {
            System.setOut(old);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("wrote " + out + ": 5 examples").containsPattern("mmlu_anatomy\\s+3")
                .containsPattern("gsm8k\\s+2").containsPattern("gpt-4-1106-preview\\s+5\\s+0\\.800\\s+0\\.024700");
        assertThat(RoutingDataset.read(out)).hasSize(5);
        List<RoutingExample> train = RoutingDataset.read(dir.resolve("rl.train.jsonl"));
        List<RoutingExample> held = RoutingDataset.read(dir.resolve("rl.heldout.jsonl"));
        assertThat(train.size() + held.size()).isEqualTo(5);
        assertThat(held).hasSize(3); // round(3 x 0.5) = 2 of mmlu_anatomy + round(2 x 0.5) = 1 of gsm8k
    }

    @Test
    void aMissingInputFailsWithOneLineNamingIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new DataCommand()).execute("import", "--format", "llmrouter",
                "--in", dir.resolve("missing.jsonl").toString(), "--out", dir.resolve("x.jsonl").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.jsonl").doesNotContain("\tat ");
    }
}
