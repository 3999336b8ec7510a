package io.computebroker.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvalPiiCommandTest {
    @TempDir Path dir;

    @Test
    void printsOneRowPerScoredTypeWithPrecisionRecallAndF1() throws Exception {
        Path data = dir.resolve("d.json");
        Files.writeString(data, """
                [{"full_text": "mail jane@example.com", "spans": [
                  {"entity_type": "EMAIL_ADDRESS", "entity_value": "jane@example.com", "start_position": 5, "end_position": 21}]}]
                """);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new EvalPiiCommand()).execute("--data", data.toString());
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("TYPE", "GOLD", "PREDICTED", "PRECISION", "RECALL", "F1");
        assertThat(out.lines().filter(l -> l.startsWith("EMAIL")).findFirst().orElseThrow())
                .matches("EMAIL\\s+1\\s+1\\s+1\\.000\\s+1\\.000\\s+1\\.000");
        assertThat(out).doesNotContain("jane@example.com");
    }

    @Test
    void missingDataSetIsAnErrorExit() {
        int code = new CommandLine(new EvalPiiCommand()).execute("--data", dir.resolve("absent.json").toString());
        assertThat(code).isEqualTo(2);
    }
}
