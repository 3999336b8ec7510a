package io.computebroker.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KeysCommandTest {
    @TempDir Path dir;

    String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = BrokerCli.commandLine(args).execute(args);
            assertThat(code).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createPrintsTheKeyAloneOnTheLastLineAndListNeverShowsIt() {
        String out = run("keys", "create", "--tenant", "acme", "--name", "ci", "--data-dir", dir.toString());
        String[] lines = out.strip().split("\n");
        String key = lines[lines.length - 1];
        assertThat(key).matches("sk-cb-[A-Za-z0-9]{32}");
        String list = run("keys", "list", "--data-dir", dir.toString());
        assertThat(list).contains("acme").contains("ci").contains(key.substring(0, 10)).doesNotContain(key);
        String id = list.lines().filter(l -> l.contains("acme")).findFirst().orElseThrow().split("\\s+")[0];
        assertThat(run("keys", "revoke", id, "--data-dir", dir.toString())).contains("revoked " + id);
        assertThat(run("keys", "list", "--data-dir", dir.toString())).contains("revoked");
    }
}
