package io.computebroker.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computebroker.report.LedgerRow;
import io.computebroker.report.ReportFixture;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** report, audit and erase run in-process against a temp SQLite data dir, or a fresh PostgreSQL schema via --store. */
class ReportCommandsTest {
    static final ObjectMapper DECIMALS = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final String WINDOW_SINCE = ReportFixture.SINCE.toString();
    static final String WINDOW_UNTIL = ReportFixture.UNTIL.toString();

    @TempDir Path dir;
    String pg;

    record Run(int code, String out, String err) {}

    Database open(String kind) {
        if (kind.equals("postgres")) {
            pg = TestStores.freshPostgresUrl();
            return Database.openPostgres(pg);
        }
        return Database.openSqlite(dir);
    }

    Run run(Object command, String stdin, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--data-dir", dir.toString()));
        if (pg != null) all.addAll(List.of("--store", pg));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream oldIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine cl = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
            int code = cl.execute(all.toArray(String[]::new));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(oldIn);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void reportTableIsAlignedWithMicroDollarsAndJsonIsExact(String kind) throws Exception {
        try (Database db = open(kind)) {
            ReportFixture.insert(db);
        }
        Run table = run(new ReportCommand(), "", "--by", "model", "--since", WINDOW_SINCE, "--until", WINDOW_UNTIL);
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(1)).startsWith("MODEL").contains("UNSETTLED").contains("COST USD").contains("CACHE SAVED USD").contains("P99 MS");
        String front = lines.stream().filter(l -> l.startsWith("m-front")).findFirst().orElseThrow();
        assertThat(front).contains(" 9007199.254741 ").contains(" 9007199.254741 ").contains(" 0.000000 ");
        String total = lines.stream().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow();
        assertThat(total.split("\\s+")).startsWith("TOTAL", "6", "1", "1", "3850", "1400", "1270", "600", "9007199.378199",
                "9007212.132284", "12.754085", "0.00", "3.000999", "300", "5000", "5000", "50", "400", "400", "16.7", "33.3", "33.3");
        // Right-aligned numbers: the COST column ends at the same offset in the header, a row and the total.
        int end = lines.get(1).indexOf("COST USD") + "COST USD".length();
        assertThat(front.substring(0, end)).endsWith("9007199.254741");
        assertThat(total.substring(0, end)).endsWith("9007199.378199");
        assertThat(table.out()).contains("OWNED PROVIDER").containsPattern("local\\s+1800\\s+0\\.01\\s+-\\s+-");

        Run json = run(new ReportCommand(), "", "--by", "day", "--since", WINDOW_SINCE, "--until", WINDOW_UNTIL, "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode root = DECIMALS.readTree(json.out());
        assertThat(root.get("group_by").asText()).isEqualTo("day");
        assertThat(root.get("rows")).hasSize(3);
        assertThat(root.get("total").get("cost_usd").decimalValue()).isEqualTo(new BigDecimal("9007199.378198782"));
        assertThat(json.out()).contains("\"cost_usd\" : 0.123456790");
        assertThat(root.get("rows").get(1).get("latency_ms").get("p50").asLong()).isEqualTo(2000);

        Run acme = run(new ReportCommand(), "", "--by", "tenant", "--tenant", "acme", "--since", WINDOW_SINCE, "--until", WINDOW_UNTIL, "--json");
        assertThat(DECIMALS.readTree(acme.out()).get("rows")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void badOptionsAreUsageErrorsNamingTheOption(String kind) {
        try (Database db = open(kind)) {
            assertThat(db.isOpen()).isTrue();
        }
        Run by = run(new ReportCommand(), "", "--by", "region");
        assertThat(by.code()).isEqualTo(2);
        assertThat(by.err()).contains("cannot group by 'region'");
        Run since = run(new AuditCommand(), "", "--since", "last week");
        assertThat(since.code()).isEqualTo(2);
        assertThat(since.err()).contains("cannot read 'last week'");
        Run level = run(new AuditCommand(), "", "--sensitivity", "secret");
        assertThat(level.code()).isEqualTo(2);
        assertThat(level.err()).contains("unknown sensitivity 'secret'");
        Run format = run(new AuditCommand(), "", "--format", "xml");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("--format must be table, csv or json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void auditPrintsTableCsvAndJson(String kind) throws Exception {
        try (Database db = open(kind)) {
            LedgerRow.at(ReportFixture.T0).tenant("clinic").route("local", "m-owned", "owned", "eu")
                    .sensitivity("confidential", "phone,email").policy("pol_1").insert(db);
            LedgerRow.at(ReportFixture.T0).tenant("acme").route("cloud", "m-front", "frontier", "us")
                    .sensitivity("public", null).policy("pol_1").insert(db);
        }
        Run table = run(new AuditCommand(), "", "--since", WINDOW_SINCE, "--until", WINDOW_UNTIL);
        assertThat(table.code()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).startsWith("SENSITIVITY").contains("ENTITY TYPES");
        assertThat(lines.get(2)).startsWith("confidential").contains("email,phone");
        assertThat(lines.get(3)).startsWith("public");
        assertThat(lines.get(2).indexOf("m-owned")).isEqualTo(lines.get(3).indexOf("m-front"));

        Run csv = run(new AuditCommand(), "", "--sensitivity", "confidential", "--since", WINDOW_SINCE, "--until", WINDOW_UNTIL,
                "--format", "csv");
        assertThat(csv.out().split("\r\n")).hasSize(2);
        assertThat(csv.out()).contains("local,m-owned,owned,eu,confidential,\"email,phone\",pol_1,1,");

        Run json = run(new AuditCommand(), "", "--tenant", "acme", "--since", WINDOW_SINCE, "--until", WINDOW_UNTIL, "--format", "json");
        JsonNode rows = DECIMALS.readTree(json.out()).get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("boundary").asText()).isEqualTo("frontier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void eraseAsksForTheTenantNameUnlessYes(String kind) {
        try (Database db = open(kind)) {
            LedgerRow.at(ReportFixture.T0).tenant("acme").key("key_a").feature("f").text("h".repeat(64), "hello", "hi").insert(db);
            LedgerRow.at(ReportFixture.T0).tenant("beta").key("key_b").insert(db);
        }
        Run refused = run(new EraseCommand(), "y\n", "--tenant", "acme");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("1 ledger row of tenant 'acme' hold").contains("aborted; nothing was erased");
        assertThat(personal("acme")).isEqualTo("key_a");

        Run confirmed = run(new EraseCommand(), "acme\n", "--tenant", "acme");
        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).contains("erased personal fields from 1 ledger row of tenant 'acme'");
        assertThat(personal("acme")).isNull();

        Run yes = run(new EraseCommand(), "", "--tenant", "beta", "--yes");
        assertThat(yes.code()).isZero();
        assertThat(yes.out()).doesNotContain("confirm").contains("from 1 ledger row of tenant 'beta'");
        assertThat(personal("beta")).isNull();

        Run missing = run(new EraseCommand(), "", "--yes");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--tenant");
    }

    private String personal(String tenant) {
        try (Database db = pg != null ? Database.openPostgres(pg) : Database.openSqlite(dir)) {
            return db.with(c -> {
                try (var ps = c.prepareStatement("SELECT key_id FROM ledger WHERE tenant = ?")) {
                    ps.setString(1, tenant);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
        }
    }
}
