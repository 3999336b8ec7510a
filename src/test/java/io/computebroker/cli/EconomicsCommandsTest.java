package io.computebroker.cli;

import io.computebroker.report.LedgerRow;
import io.computebroker.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** prices, traces, plan and report --owned, in-process against a temp SQLite data dir and a small config. */
class EconomicsCommandsTest {
    static final String CONFIG = """
            providers:
              - {id: openrouter, kind: openai-compatible, baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: OPENROUTER_API_KEY}
              - {id: own, kind: openai-compatible, baseUrl: 'http://own', keyRequired: false,
                 hardware: {accelerator: L40S, count: 2, monthlyCostUsd: 3800, throughputTokensPerSecond: 2500}}
            models:
              - {id: glm-5.2, provider: openrouter, upstream: z-ai/glm-5.2, boundary: marketplace, contextWindow: 1000000,
                 price: {input: 0.95, cachedInput: 0.18, output: 3.00}}
              - {id: model-x, provider: openrouter, marketId: pinned/model-x, pinPrice: true, boundary: marketplace, price: {input: 2, output: 8}}
              - {id: qwen, provider: own, boundary: owned, price: {input: 0.02, output: 0.08}}
            """;

    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    Run run(Object command, String... args) throws Exception {
        Path config = dir.resolve("config.yaml");
        if (!Files.exists(config)) Files.writeString(config, CONFIG);
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--data-dir", dir.resolve("data").toString(), "--config", config.toString()));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void pricesRefreshListAndHistory() throws Exception {
        Path feed = dir.resolve("models.json");
        try (var in = getClass().getResourceAsStream("/economics/openrouter-models.json")) {
            Files.write(feed, in.readAllBytes());
        }
        Run r = run(new PricesCommand(), "refresh", "--from", feed.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("8 entries, 5 usable, 3 skipped; 2 match catalog models").contains("pinned (kept as configured): model-x")
                .contains("1 price(s) changed").containsPattern("glm-5.2 +z-ai/glm-5.2 +0.95 -> 0.85 +0.18 -> 0.16 +3 -> 2.7");
        Run again = run(new PricesCommand(), "refresh", "--from", feed.toString());
        assertThat(again.out()).contains("no price changed");
        Run list = run(new PricesCommand(), "list");
        assertThat(list.out()).containsPattern("price version pv_").containsPattern("glm-5.2 +z-ai/glm-5.2 +0.85 +0.16 +2.7 +1000000 +market")
                .containsPattern("model-x +pinned/model-x +2 +- +8 .* pinned");
        Run history = run(new PricesCommand(), "history", "--model", "glm-5.2");
        assertThat(history.out()).contains("by cli").contains("from " + feed).contains("(1 change)");
        Run missing = run(new PricesCommand(), "refresh", "--from", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read price feed");
    }

    @Test
    void tracesImportReportsBadLinesAndPlanReadsThem() throws Exception {
        Path trace = dir.resolve("trace.csv");
        StringBuilder csv = new StringBuilder("time,workflow,task,provider,model,input_tokens,output_tokens,latency_ms,status,accepted,cost_usd\n");
        Instant t0 = Instant.now().minus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        for (int i = 0; i < 10; i++) {
            csv.append(t0.plus(Duration.ofDays(i))).append(",inbox,extract,openai,gpt-5.5,7000000,3000000,900,ok,true,125\n");
        }
        csv.append("not-a-time,inbox,extract,openai,gpt-5.5,1,1,1,ok,true,1\n");
        Files.writeString(trace, csv);
        Run dry = run(new TracesCommand(), "import", trace.toString(), "--dry-run");
        assertThat(dry.out()).contains("10 valid row(s), 1 rejected; nothing written (dry run)");
        Run strict = run(new TracesCommand(), "import", trace.toString(), "--strict");
        assertThat(strict.code()).isEqualTo(2);
        Run imp = run(new TracesCommand(), "import", trace.toString());
        assertThat(imp.code()).isEqualTo(1); // imported, but a row was rejected
        assertThat(imp.err()).contains("line 12: time 'not-a-time'");
        assertThat(imp.out()).contains("10 row(s) imported for tenant external, 0 already present, 1 rejected");
        Run twice = run(new TracesCommand(), "import", trace.toString());
        assertThat(twice.out()).contains("0 row(s) imported for tenant external, 10 already present");

        Run report = run(new ReportCommand(), "--by", "feature");
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).contains("derived (seed 004)").containsPattern("inbox +10 +100.0 +125.000000 +900 ");

        Path png = dir.resolve("out/plan.png");
        Run plan = run(new PlanCommand(), "--since", "30d", "--chart", png.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        // 10 days of records (the last one ends the span) scaled to 30: 100M tokens x 30/9.000... -> 12.50 per 1M either way.
        assertThat(plan.out()).contains("| inbox / extract | 10 |").contains("| 12.5000 |").contains("| SLM production HA | $3,800 | 304M |");
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1400);
        Run json = run(new PlanCommand(), "--format", "json");
        assertThat(json.out()).contains("\"object\" : \"plan\"").contains("\"break_even_tokens\" : 304000000");
        Run bad = run(new PlanCommand(), "--format", "xml");
        assertThat(bad.code()).isEqualTo(2);
    }

    @Test
    void reportOwnedShowsUtilisationPerBucket() throws Exception {
        Instant day = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(2));
        try (Database db = Database.openSqlite(dir.resolve("data"))) {
            LedgerRow.at(day.plus(Duration.ofHours(2))).route("own", "qwen", "owned", "eu").tokens(100_000_000, 0, 8_000_000, 0).insert(db);
        }
        Run r = run(new ReportCommand(), "--owned", "--since", day.toString(), "--until", day.plus(Duration.ofDays(2)).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("own +" + day + " +1 +108000000 +1250.00 +50.0 +126.6667 +1.1728 +63.3333")
                .containsPattern("own +" + day.plus(Duration.ofDays(1)) + " +0 +0 +0.00 +0.0 +126.6667 +- +126.6667")
                .containsPattern("own +TOTAL +1 +108000000 +625.00 +25.0 +253.3333 +2.3457 +190.0000");
        Run bad = run(new ReportCommand(), "--owned", "--bucket", "week");
        assertThat(bad.code()).isEqualTo(2);
    }
}
