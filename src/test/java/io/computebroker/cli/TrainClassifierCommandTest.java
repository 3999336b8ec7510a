package io.computebroker.cli;

import io.computebroker.classify.task.TaskClass;
import io.computebroker.classify.task.TaskClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TrainClassifierCommandTest {
    @TempDir Path dir;

    @Test
    void trainsReportsHeldOutFiguresAndWritesALoadableModel() throws Exception {
        Random r = new Random(3);
        StringBuilder ours = new StringBuilder(), router = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            ours.append("{\"text\": \"Translate to German: item ").append(i * 7 + r.nextInt(7)).append(" please\", \"task\": \"translate\"}\n");
            router.append("{\"task_name\": \"gsm8k\", \"query\": \"Tom has ").append(i).append(" apples and eats ")
                    .append(r.nextInt(9)).append(". How many are left?\"}\n");
        }
        Path a = dir.resolve("ours.jsonl"), b = dir.resolve("router.jsonl"), out = dir.resolve("model.bin");
        Files.writeString(a, ours);
        Files.writeString(b, router);

        String printed = run("--data", a.toString(), b.toString(), "--out", out.toString(), "--holdout", "0.25", "--epochs", "3");
        assertThat(printed).contains("ours.jsonl: 40 examples").contains("router.jsonl: 40 examples")
                .contains("held-out report: trained on 60 examples").contains("-- all held-out")
                .contains("accuracy").contains("translate").contains("math").contains("wrote " + out);
        assertThat(TaskClassifier.load(out).classify("Translate to German: item 5 please").task()).isEqualTo(TaskClass.TRANSLATE);
    }

    String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new TrainClassifierCommand()).execute(args);
            assertThat(code).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
