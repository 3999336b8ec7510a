package io.computebroker.traces;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.report.DerivedMetrics;
import io.computebroker.report.DerivedRow;
import io.computebroker.report.GroupBy;
import io.computebroker.report.ReportQuery;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceImportTest {
    static final BrokerConfig CONFIG = ConfigLoaderYaml.parse("""
            providers:
              - {id: openai, kind: openai-compatible, baseUrl: 'https://api.openai.com/v1', apiKeyEnv: X}
            models:
              - {id: gpt-5.5, provider: openai, boundary: frontier, price: {input: 5.00, cachedInput: 0.50, output: 30.00}}
              - {id: qwen-owned, provider: openai, boundary: owned, price: {input: 0.02, output: 0.08}}
            ledger: {baselineModel: gpt-5.5}
            """);
    static final ModelCatalog CATALOG = new ModelCatalog(CONFIG);

    /** 6 good rows (file lines 2, 3, 5, 8, 11, 16), 11 bad ones, an unknown column. */
    static final String CSV = """
            time,workflow,provider,model,input_tokens,cached_tokens,output_tokens,latency_ms,ttft_ms,status,accepted,retries,cache_hit,batch_eligible,cost_usd,fallback_route,utilisation,team
            2026-11-01T08:00:00Z,inbox,openai,gpt-5.5,1000,400,200,1200,300,ok,true,0,true,false,0.0100,,,ops
            2026-11-01T08:00:01Z,inbox,openai,gpt-5.5,1000,0,200,900,200,ok,yes,1,false,true,,,,ops
            yesterday,inbox,openai,gpt-5.5,1000,0,200,900,200,ok,yes,0,false,true,0.01,,,ops
            1793520002,inbox,openai,gpt-5.5,2000,0,100,3000,500,200,no,2,0,1,0.02,qwen-owned,,ops
            2026-11-01T08:00:03Z,inbox,openai,gpt-5.5,-5,0,100,300,50,ok,1,0,0,1,0.02,,,ops
            2026-11-01T08:00:04Z,inbox,openai,gpt-5.5,100,101,100,300,50,ok,1,0,0,1,0.02,,,ops
            1793520005000,triage,self,qwen-owned,500,0,50,100,20,ok,1,0,0,1,,,0.42,ops
            2026-11-01T08:00:06Z,triage,self,qwen-owned,500,0,50,100,20,maybe,1,0,0,1,,,0.4,ops
            2026-11-01T08:00:07Z,triage,self,qwen-owned,500,0,50,100,20,ok,perhaps,0,0,1,,,0.4,ops
            2026-11-01 08:00:08,triage,self,qwen-owned,500,0,50,100,20,503,,0,0,1,0.001,,0.5,ops
            2026-11-01T08:00:09Z,triage,self,mystery-model,500,0,50,100,20,ok,1,0,0,1,,,0.4,ops
            2026-11-01T08:00:10Z,triage,self,qwen-owned,500,0,50,100,20,ok,1,0,0,1,,,0.4
            2026-11-01T08:00:11Z,triage,"self,qwen-owned,500,0,50,100,20,ok,1,0,0,1,,,0.4,ops
            2026-11-01T08:00:12Z,triage,self,qwen-owned,500,0,50,10,20,ok,1,0,0,1,,,0.4,ops
            2026-11-01T08:00:13Z,triage,self,qwen-owned,500,0,50,100,20,ok,1,0,0,1,,,0.9,ops
            2026-11-01T08:00:14Z,triage,self,qwen-owned,500,0,50,100,20,ok,1,0,0,1,,,1.5,ops
            2026-11-01T08:00:15Z,triage,self,qwen-owned,500,0,x50,100,20,ok,1,0,0,1,,,0.4,ops
            """;

    static TraceParser parser(String tenant) { return new TraceParser(n -> CATALOG.find(n).orElse(null), CONFIG.baselineModel().orElse(null), tenant); }

    @Test
    void badRowsAreNamedByLineAndField() {
        TraceParser.Parsed p = parser("t").parse(CSV, TraceParser.Format.CSV);
        assertThat(p.ignoredColumns()).containsExactly("team");
        assertThat(p.records()).extracting(TraceRecord::line).containsExactly(2, 3, 5, 8, 11, 16);
        assertThat(p.errors()).extracting(TraceParser.RowError::line).containsExactly(4, 6, 7, 9, 10, 12, 13, 14, 15, 17, 18);
        assertThat(p.errors()).extracting(Object::toString).containsExactly(
                "line 4: time 'yesterday' is not an ISO-8601 instant or epoch seconds/milliseconds",
                "line 6: input_tokens -5 is negative",
                "line 7: cached_tokens 101 exceeds input_tokens 100",
                "line 9: status 'maybe' is not ok, error or an HTTP status",
                "line 10: accepted 'perhaps' is not true/false, yes/no or 1/0",
                "line 12: cost_usd is missing and model 'mystery-model' is not in the catalog to price it",
                "line 13: 17 fields, the header has 18",
                "line 14: quoted field never closed (fields may not span lines)",
                "line 15: ttft_ms 20 exceeds latency_ms 10",
                "line 17: utilisation 1.5 is outside 0..1",
                "line 18: output_tokens 'x50' is not a whole number");
        TraceRecord priced = p.records().get(3); // line 8: no cost, priced at the catalog card
        assertThat(priced.costNusd()).isEqualTo(500 * 20 + 50 * 80);
        assertThat(priced.costEstimated()).isTrue();
        assertThat(priced.boundary()).isEqualTo("owned");
        assertThat(priced.timeMs()).isEqualTo(1_793_520_005_000L);
        assertThat(p.records().get(2).timeMs()).isEqualTo(1_793_520_002_000L); // epoch seconds
        TraceRecord http503 = p.records().get(4);
        assertThat(http503.ok()).isFalse();
        assertThat(http503.httpStatus()).isEqualTo(503);
        assertThat(http503.accepted()).isFalse(); // accepted defaults to status ok
        // Baseline: the same tokens at gpt-5.5 (600 full-price input, 400 cached, 200 output).
        assertThat(p.records().get(0).baselineNusd()).isEqualTo(600 * 5_000 + 400 * 500 + 200 * 30_000);
    }

    @Test
    void aFileWithoutARequiredColumnIsRefusedWhole() {
        assertThatThrownBy(() -> parser("t").parse("time,provider,model,input_tokens,output_tokens,status\n1,a,b,1,1,ok\n", TraceParser.Format.CSV))
                .hasMessageContaining("line 1 (header)").hasMessageContaining("workflow");
        assertThatThrownBy(() -> TraceParser.formatOf(java.nio.file.Path.of("trace.txt"))).hasMessageContaining("--format");
    }

    @Test
    void jsonLinesWithBadLines() {
        String jsonl = """
                {"time": "2026-11-01T09:00:00Z", "feature": "rag", "provider": "openai", "model": "gpt-5.5", "prompt_tokens": 100, "completion_tokens": 10, "status": "ok", "cost": 0.001, "extra": 1}
                not json at all
                {"time": "2026-11-01T09:00:01Z", "feature": "rag", "provider": "openai", "model": "gpt-5.5", "input_tokens": [1], "output_tokens": 10, "status": "ok"}

                {"time": "2026-11-01T09:00:02Z", "feature": "rag", "provider": "openai", "model": "gpt-5.5", "input_tokens": 100, "output_tokens": 10, "status": "error", "id": "req-9"}
                """;
        TraceParser.Parsed p = parser("t").parse(jsonl, TraceParser.Format.JSONL);
        assertThat(p.records()).extracting(TraceRecord::line).containsExactly(1, 5);
        assertThat(p.errors()).extracting(TraceParser.RowError::line).containsExactly(2, 3);
        assertThat(p.errors().get(0).message()).startsWith("not a JSON object");
        assertThat(p.errors().get(1).message()).isEqualTo("input_tokens must be a single value, not array");
        assertThat(p.ignoredColumns()).containsExactly("extra");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void importWritesExternalRecordsOnceAndFeedsDerivedMetrics(String kind) {
        try (Database db = TestStores.open(kind)) {
            TraceParser.Parsed p = parser("ext").parse(CSV, TraceParser.Format.CSV);
            TraceImporter importer = new TraceImporter(db);
            TraceImporter.Result r = importer.write("/logs/trace.csv", "ext", p.records(), p.errors().size(), Instant.parse("2026-11-02T00:00:00Z"));
            assertThat(r.imported()).isEqualTo(6);
            assertThat(r.duplicates()).isZero();
            TraceImporter.Result again = importer.write("/logs/trace.csv", "ext", p.records(), p.errors().size(), Instant.parse("2026-11-02T00:01:00Z"));
            assertThat(again.imported()).isZero();
            assertThat(again.duplicates()).isEqualTo(6);
            assertThat(count(db, "SELECT COUNT(*) FROM ledger")).isEqualTo(6);
            assertThat(count(db, "SELECT COUNT(*) FROM ledger_external")).isEqualTo(6);
            assertThat(count(db, "SELECT COUNT(*) FROM trace_imports")).isEqualTo(2);
            assertThat(count(db, "SELECT COUNT(*) FROM ledger WHERE state = 'settled' AND price_version = 'trace' AND tenant = 'ext'")).isEqualTo(6);
            assertThat(count(db, "SELECT attempts FROM ledger WHERE fallback = 1")).isEqualTo(3); // line 5: 2 retries

            ReportQuery q = new ReportQuery(GroupBy.FEATURE, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"), "ext");
            List<DerivedRow> rows = new DerivedMetrics(db).rows(q);
            DerivedRow inbox = rows.stream().filter(x -> "inbox".equals(x.group())).findFirst().orElseThrow();
            // inbox: lines 2, 3, 5. Costs 0.01, priced (1000 x 5 + 200 x 30) / 1e6 = 0.011, 0.02; accepted 2 of 3.
            assertThat(inbox.requests()).isEqualTo(3);
            assertThat(inbox.accepted()).isEqualTo(2);
            assertThat(inbox.costUsd()).isEqualByComparingTo("0.041");
            assertThat(inbox.costPerAcceptedUsd()).isEqualByComparingTo("0.0205");
            assertThat(inbox.p95LatencyMs()).isEqualTo(3000L);
            assertThat(inbox.cacheHitRate()).isEqualTo(1.0 / 3);
            assertThat(inbox.retryRate()).isEqualTo(2.0 / 3);
            assertThat(inbox.batchEligibleShare()).isEqualTo(2.0 / 3);
            assertThat(inbox.meanUtilisation()).isNull();
            assertThat(inbox.external()).isEqualTo(3);
            DerivedRow triage = rows.stream().filter(x -> "triage".equals(x.group())).findFirst().orElseThrow();
            // triage: lines 8 (ok, u 0.42), 11 (503, u 0.5), 16 (ok, u 0.9).
            assertThat(triage.requests()).isEqualTo(3);
            assertThat(triage.accepted()).isEqualTo(2);
            assertThat(triage.meanUtilisation()).isCloseTo((0.42 + 0.5 + 0.9) / 3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(triage.costUsd()).isEqualByComparingTo("0.001028"); // 0.000014 + 0.001 + 0.000014
        }
    }

    @Test
    void anImportThatFailsInTheStoreLeavesNothingBehind() {
        try (Database db = TestStores.sqlite()) {
            TraceParser.Parsed p = parser("ext").parse(CSV, TraceParser.Format.CSV);
            db.with(c -> c.createStatement().execute("DROP TABLE ledger_external"));
            assertThatThrownBy(() -> new TraceImporter(db).write("t.csv", "ext", p.records(), 0, Instant.now()))
                    .hasMessageContaining("ledger_external");
            assertThat(count(db, "SELECT COUNT(*) FROM ledger")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM trace_imports")).isZero();
        }
    }

    static long count(Database db, String sql) {
        return db.with(c -> {
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
