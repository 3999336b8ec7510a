package io.computebroker.cli;

import io.computebroker.budget.BudgetStore;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetCommandTest {
    @TempDir Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new BudgetCommand()).setCaseInsensitiveEnumValuesAllowed(true);
            cli.setErr(new PrintWriter(err));
            int code = cli.execute(args);
            return new Result(code, buf.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void setListAndDeleteInTheEmbeddedStore() {
        String d = dir.toString();
        Result tenant = run("set", "--tenant", "acme", "--window", "month", "--limit", "25", "--soft", "20.5", "--data-dir", d);
        assertThat(tenant.code()).isZero();
        assertThat(tenant.out()).contains("tenant acme, month").contains("limit $25.00").contains("soft $20.50").contains("reject");
        assertThat(run("set", "--key", "key_abc", "--window", "day", "--limit", "$0.5", "--action", "downgrade", "--data-dir", d).code()).isZero();
        assertThat(run("set", "--tenant", "acme", "--feature", "search", "--window", "total", "--limit", "100", "--data-dir", d).code()).isZero();
        // Setting the same target again changes it rather than adding a second budget.
        assertThat(run("set", "--tenant", "acme", "--window", "month", "--limit", "30", "--data-dir", d).out()).contains("limit $30.00");

        Result list = run("list", "--data-dir", d);
        assertThat(list.out().lines().filter(l -> l.startsWith("bud_"))).hasSize(3);
        assertThat(list.out()).contains("$30.00").doesNotContain("$25.00").contains("key_abc").contains("downgrade").contains("search");
        assertThat(run("list", "--tenant", "globex", "--data-dir", d).out().lines().filter(l -> l.startsWith("bud_"))).isEmpty();

        String id = list.out().lines().filter(l -> l.contains("key_abc")).findFirst().orElseThrow().split("\\s+")[0];
        assertThat(run("delete", id, "--data-dir", d).out()).contains("deleted " + id);
        assertThat(run("delete", id, "--data-dir", d).code()).isEqualTo(1);
        assertThat(run("list", "--data-dir", d).out()).doesNotContain("key_abc");
    }

    @Test
    void badInputIsAUsageErrorAndWritesNothing() {
        String d = dir.toString();
        Result noTenant = run("set", "--feature", "search", "--window", "day", "--limit", "1", "--data-dir", d);
        assertThat(noTenant.code()).isEqualTo(2);
        assertThat(noTenant.err()).contains("--tenant is required");
        assertThat(run("set", "--tenant", "a", "--key", "k", "--run", "r", "--window", "day", "--limit", "1", "--data-dir", d).code()).isEqualTo(2);
        assertThat(run("set", "--tenant", "a", "--window", "week", "--limit", "1", "--data-dir", d).err()).contains("day, month or total");
        assertThat(run("set", "--tenant", "a", "--window", "day", "--limit", "1", "--soft", "2", "--data-dir", d).err()).contains("soft limit");
        assertThat(run("set", "--tenant", "a", "--window", "day", "--limit", "0.0000000001", "--data-dir", d).code()).isEqualTo(2);
        assertThat(run("list", "--data-dir", d).out().lines().filter(l -> l.startsWith("bud_"))).isEmpty();
    }

    @Test
    void storeOptionSelectsPostgres() {
        String url = TestStores.freshPostgresUrl();
        assertThat(run("set", "--tenant", "acme", "--run", "nightly-42", "--window", "total", "--limit", "3", "--store", url,
                "--data-dir", dir.toString()).code()).isZero();
        try (Database db = Database.openPostgres(url)) {
            assertThat(new BudgetStore(db).applicable("acme", null, null, "nightly-42")).hasSize(1);
        }
        assertThat(run("list", "--data-dir", dir.toString()).out()).doesNotContain("nightly-42");   // SQLite is untouched
        assertThat(run("list", "--store", url).out()).contains("nightly-42");
    }
}
