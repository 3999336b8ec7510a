package io.computebroker.economics;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.config.HardwareProfile;
import io.computebroker.report.GroupBy;
import io.computebroker.report.LedgerRow;
import io.computebroker.report.ReportQuery;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Planner numbers against hand-computed workloads. Each workload's records span exactly 30 days, so the
 * monthly factor is 1 and every figure below is plain arithmetic on the rows.
 */
class PlannerTest {
    static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant END = T0.plus(Duration.ofDays(30));
    static final long DAY = 86_400_000L;

    /** {@code n} rows spread over exactly [T0, T0 + 30 days): the first at T0, the last 1 ms before the end. */
    static void rows(Database db, int n, String feature, String task, String model, String boundary, String sensitivity,
                     long input, long output, long costNusd) {
        for (int i = 0; i < n; i++) {
            long t = i == n - 1 ? END.toEpochMilli() - 1 : T0.toEpochMilli() + i * (30 * DAY / n);
            LedgerRow.at(Instant.ofEpochMilli(t)).tenant("acme").feature(feature).task(task).route("p-" + boundary, model, boundary, "eu")
                    .sensitivity(sensitivity, null).tokens(input, 0, output, 0).money(costNusd, costNusd).latency(100L + i, 10L).insert(db);
        }
    }

    static void fixture(Database db) {
        // inbox/extract: 30 x 10M tokens at $125 each = 300M tokens, $3,750 a month: $12.50 per 1M (the seed's GPT-5.5 blend).
        rows(db, 30, "inbox", "extract", "gpt-5.5", "frontier", "internal", 7_000_000, 3_000_000, 125_000_000_000L);
        // chat/chat: 50M tokens a month at gpt-oss-120b's $0.066 per 1M = $3.30.
        rows(db, 10, "chat", "chat", "gpt-oss-120b", "marketplace", "public", 3_500_000, 1_500_000, 330_000_000L);
        // hr/qa: 50M tokens a month at $1.00 per 1M, every request confidential.
        rows(db, 10, "hr", "qa", "claude-sonnet-4.6", "frontier", "confidential", 4_000_000, 1_000_000, 5_000_000_000L);
        // triage/classify already on owned hardware.
        rows(db, 6, "triage", "classify", "qwen-owned", "owned", "internal", 1_000_000, 100_000, 22_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void workloadsBreakEvenAndRecommendationsMatchHandComputedCases(String kind) {
        try (Database db = TestStores.open(kind)) {
            fixture(db);
            Plan plan = new Planner(db, Bands.defaults()).plan(new ReportQuery(GroupBy.FEATURE, T0.minus(Duration.ofDays(5)), END.plus(Duration.ofDays(5)), null),
                    Map.of());
            assertThat(plan.monthlyFactor()).isCloseTo(1.0, within(1e-12));
            assertThat(plan.workloads()).extracting(w -> w.workload().name())
                    .containsExactly("inbox / extract", "hr / qa", "chat / chat", "triage / classify");

            Plan.WorkloadPlan inbox = plan.workloads().get(0);
            assertThat(inbox.monthlyTokens()).isCloseTo(300e6, within(1e-3));
            assertThat(inbox.monthlyInputTokens()).isCloseTo(210e6, within(1e-3));
            assertThat(inbox.monthlyCostUsd()).isEqualByComparingTo("3750");
            assertThat(inbox.blendedUsdPerMillion()).isEqualByComparingTo("12.50");
            assertThat(inbox.workload().sensitiveShare()).isZero();
            assertThat(inbox.posture()).startsWith("Routed APIs and marketplaces");
            Plan.BandCase slmHa = band(inbox, "slm-production-ha");
            assertThat(slmHa.breakEvenTokens()).isEqualByComparingTo("304000000"); // the seed's "near 300M tokens/month"
            assertThat(slmHa.volumeRatio()).isCloseTo(300.0 / 304, within(1e-9));
            assertThat(slmHa.monthlySavingUsd()).isEqualByComparingTo("-50");
            Plan.BandCase slmExisting = band(inbox, "slm-existing-platform");
            assertThat(slmExisting.breakEvenTokens()).isEqualByComparingTo("104000000"); // 1,300 / 12.50e-6
            assertThat(slmExisting.monthlySavingUsd()).isEqualByComparingTo("2450");
            assertThat(band(inbox, "70b-120b-production-ha").breakEvenTokens()).isEqualByComparingTo("1760000000");
            assertThat(inbox.recommendation().action()).isEqualTo("self-host");
            assertThat(inbox.recommendation().band()).isEqualTo("slm-existing-platform");
            assertThat(inbox.recommendation().text()).contains("104M").contains("300M").contains("2.9x").contains("$2,450");
            assertThat(inbox.workload().p95LatencyMs()).isEqualTo(128L); // latencies 100..129, nearest rank 29 of 30
            assertThat(inbox.workload().costPerAcceptedUsd()).isEqualByComparingTo("125");

            Plan.WorkloadPlan chat = plan.workloads().get(2);
            assertThat(chat.blendedUsdPerMillion()).isEqualByComparingTo("0.066");
            assertThat(chat.posture()).startsWith("Don't self-host for cost");
            assertThat(band(chat, "slm-production-ha").breakEvenTokens()).isEqualByComparingTo("57575757576");
            assertThat(band(chat, "slm-production-ha").takesTask()).isFalse(); // an SLM band does not take open chat
            assertThat(chat.recommendation().action()).isEqualTo("stay-routed");
            assertThat(chat.recommendation().text()).contains("20B-32B production HA").contains("121.2B"); // 8,000 / 0.066e-6

            Plan.WorkloadPlan hr = plan.workloads().get(1);
            assertThat(hr.workload().sensitiveShare()).isEqualTo(1.0);
            assertThat(hr.recommendation().action()).isEqualTo("own-for-control");
            assertThat(hr.recommendation().band()).isEqualTo("20b-32b-production-ha");
            assertThat(hr.recommendation().text()).contains("$7,950/month"); // 8,000 - 50

            assertThat(plan.workloads().get(3).recommendation().action()).isEqualTo("already-owned");
            assertThat(plan.workloads().get(3).workload().routes()).singleElement().satisfies(r -> assertThat(r.model()).isEqualTo("qwen-owned"));
        }
    }

    @Test
    void ownedCapacityIsComparedWithTheBaselineCostOfItsTokens() {
        try (Database db = TestStores.sqlite()) {
            fixture(db);
            // 20M tokens a day on the owned box for 30 days = 600M a month, baseline $30 a day.
            for (int i = 0; i < 30; i++) {
                LedgerRow.at(T0.plus(Duration.ofDays(i)).plusSeconds(60)).feature("bulk").task("extract").route("p-owned", "qwen-owned", "owned", "eu")
                        .tokens(18_000_000, 0, 2_000_000, 0).money(400_000_000L, 30_000_000_000L).insert(db);
            }
            HardwareProfile hw = new HardwareProfile("L40S", 2, new BigDecimal("3800"), null, null, null, null, 2500.0);
            Plan plan = new Planner(db, Bands.defaults()).plan(new ReportQuery(GroupBy.FEATURE, T0, END, null), Map.of("p-owned", hw));
            assertThat(plan.owned()).singleElement().satisfies(o -> {
                // 600M + triage's 6.6M over 30 days; capacity 6.48B a month.
                assertThat(o.monthlyTokens()).isCloseTo(606.6e6, within(1e-3));
                assertThat(o.utilisation()).isCloseTo(606.6e6 / 6.48e9, within(1e-12));
                assertThat(o.effectiveUsdPerMillion()).isEqualByComparingTo("6.264425"); // 3,800 / 606.6
                assertThat(o.monthlyTcoUsd()).isEqualByComparingTo("3800");
                assertThat(o.monthlyBaselineUsd()).isEqualByComparingTo("900.13"); // 30 x $30 + triage's $0.132
                assertThat(o.monthlySavingUsd()).isEqualByComparingTo("-2899.87");
                assertThat(o.hardware()).isEqualTo("2x L40S");
            });
            assertThat(PlanMarkdown.render(plan, null)).contains("| p-owned | 2x L40S | 607M | 9.4% | 6.2644 | $3,800 | $900 | -$2,900 |");
        }
    }

    @Test
    void aWeekOfTracesIsScaledToAMonthNotDiluted() {
        try (Database db = TestStores.sqlite()) {
            // 7 days of records in a 30-day window: monthly = observed x 30/7.
            for (int i = 0; i < 7; i++) {
                LedgerRow.at(T0.plus(Duration.ofDays(i))).feature("f").task("extract").route("p", "m", "frontier", "us")
                        .tokens(1_000_000, 0, 0, 0).money(1_000_000_000L, 0).insert(db);
            }
            LedgerRow.at(T0.plus(Duration.ofDays(7)).minusMillis(1)).feature("f").task("extract").route("p", "m", "frontier", "us")
                    .tokens(0, 0, 0, 0).money(0, 0).insert(db);
            Plan plan = new Planner(db, Bands.defaults()).plan(new ReportQuery(GroupBy.FEATURE, T0, T0.plus(Duration.ofDays(30)), null), Map.of());
            assertThat(plan.monthlyFactor()).isCloseTo(30.0 / 7, within(1e-9));
            assertThat(plan.workloads().get(0).monthlyTokens()).isCloseTo(30e6, within(1e-3));
            assertThat(plan.workloads().get(0).monthlyCostUsd()).isEqualByComparingTo("30");
        }
    }

    @Test
    void sensitivityCoversDepreciationLivesAndUtilisationsForReferenceAndBoughtHardware() {
        try (Database db = TestStores.sqlite()) {
            HardwareProfile bought = new HardwareProfile("H100", 1, null, new BigDecimal("60000"), 36, new BigDecimal("1.2"),
                    new BigDecimal("0.25"), 1000.0);
            HardwareProfile rented = new HardwareProfile("L40S", 2, new BigDecimal("3800"), null, null, null, null, 2500.0);
            Plan plan = new Planner(db, Bands.defaults()).plan(new ReportQuery(GroupBy.FEATURE, T0, END, null),
                    new java.util.LinkedHashMap<>(Map.of("owned-h100", bought, "owned-l40s", rented)));
            assertThat(plan.workloads()).isEmpty();
            assertThat(plan.sensitivity()).hasSize(2); // the reference and the bought box; a rental has no life to vary
            Plan.Sensitivity ref = plan.sensitivity().get(0);
            assertThat(ref.lifeYears()).containsExactly(3, 4, 5, 6, 7, 8, 9);
            int u65 = ref.utilisations().indexOf(0.65);
            assertThat(ref.usdPerMillion().get(0).get(u65)).isEqualByComparingTo("0.1600");
            assertThat(ref.usdPerMillion().get(3).get(u65)).isEqualByComparingTo("0.0988");
            Plan.Sensitivity h100 = plan.sensitivity().get(1);
            assertThat(h100.hardware()).isEqualTo("owned-h100 (1x H100)");
            int u50 = h100.utilisations().indexOf(0.5);
            assertThat(h100.usdPerMillion().get(3).get(u50)).isEqualByComparingTo("0.8097"); // 6 years: (833.33 + 216) / 1,296M
            assertThat(PlanMarkdown.render(plan, null)).contains("No ledger records in the window");
        }
    }

    @Test
    void markdownJsonAndChartRender() throws Exception {
        try (Database db = TestStores.sqlite()) {
            fixture(db);
            Plan plan = new Planner(db, Bands.defaults()).plan(new ReportQuery(GroupBy.FEATURE, T0, END, null), Map.of());
            String md = PlanMarkdown.render(plan, "plan.png");
            assertThat(md).contains("![cost curves and break-even points](plan.png)").contains("| inbox / extract | 30 | 210M | 0 | 90M | $3,750 | 12.5000 |")
                    .contains("| SLM production HA | $3,800 | 304M | 0.99x | -$50.00 | yes |")
                    .contains("**Recommendation (self-host)**").contains("| 3 y | ");
            JsonNode json = PlanJson.toJson(plan);
            JsonNode inbox = json.get("workloads").get(0);
            assertThat(inbox.get("monthly").get("total_tokens").asLong()).isEqualTo(300_000_000L);
            assertThat(inbox.get("blended_usd_per_million").decimalValue()).isEqualByComparingTo("12.5");
            assertThat(inbox.get("break_even").get(1).get("break_even_tokens").asLong()).isEqualTo(304_000_000L);
            assertThat(inbox.get("recommendation").get("action").asText()).isEqualTo("self-host");
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            PlanChart.write(plan, png);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
            assertThat(img.getWidth()).isEqualTo(1400);
            assertThat(img.getHeight()).isEqualTo(860);
            Path out = Files.createTempFile("plan", ".png");
            Files.write(out, png.toByteArray());
        }
    }

    @Test
    void bandsFileIsValidated() throws Exception {
        Path f = Files.createTempFile("bands", ".yaml");
        Files.writeString(f, "bands:\n  - {id: tiny, monthlyTcoUsd: 100, tasks: [classify], colour: red}\n");
        assertThatThrownBy(() -> Bands.load(f)).hasMessageContaining("colour");
        Files.writeString(f, "bands:\n  - {id: tiny, monthlyTcoUsd: 100, tasks: [sorting]}\n");
        assertThatThrownBy(() -> Bands.load(f)).hasMessageContaining("sorting");
        Files.writeString(f, "bands:\n  - {id: tiny, monthlyTcoUsd: 100, tasks: [classify]}\n");
        Bands b = Bands.load(f);
        assertThat(b.bands()).singleElement().satisfies(x -> assertThat(x.takes("classify")).isTrue());
        assertThat(b.posture(1e12)).isNull();
        assertThat(Bands.defaults().bands()).extracting(Bands.Band::monthlyTcoUsd).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal(1300), new BigDecimal(3800), new BigDecimal(8000), new BigDecimal(8000), new BigDecimal(22000),
                        new BigDecimal(35000), new BigDecimal(75000));
    }

    static Plan.BandCase band(Plan.WorkloadPlan w, String id) {
        return w.cases().stream().filter(c -> c.band().id().equals(id)).findFirst().orElseThrow();
    }
}
