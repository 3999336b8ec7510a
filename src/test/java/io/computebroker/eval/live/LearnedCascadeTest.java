package io.computebroker.eval.live;

import io.computebroker.core.Json;
import io.computebroker.policy.EscalationScorer;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.computebroker.eval.live.AgreeCascadeTest.ask;
import static io.computebroker.eval.live.AgreeCascadeTest.row;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cascade: {check: "learned:<file>"}} on the simulated fleet: both tier models answer, the trained
 * scorer reads their answers and serves the majority answer or escalates to the order. The scorer here is
 * written by hand (only "the second model agrees" counts), so the live decision is known in advance.
 */
class LearnedCascadeTest {
    @TempDir Path dir;

    @Test
    void theScorerServesAnAgreedAnswerAndEscalatesADissentedOne() throws Exception {
        int n = EscalationScorer.featureCount(2);
        double[] mean = new double[n], scale = new double[n], coef = new double[n];
        Arrays.fill(scale, 1);
        mean[2] = 0.5;
        scale[2] = 0.5;
        coef[2] = 4;
        Path file = dir.resolve("scorer.json");
        new EscalationScorer(EscalationScorer.KIND, List.of("sim-owned", "sim-no-tools"), new double[]{1, 0.5}, mean, scale, coef, 0, 0.5)
                .save(file);
        try (TestGateway tg = TestGateway.start()) {
            ExperimentsTest.policy(tg, "  - {name: mc-learned, match: {task: [extract]}, set: {qualityFloor: 0.9, "
                    + "cascade: {check: \"learned:" + file + "\"}}}");
            Map<String, String> h = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "extract");
            var fleet = tg.gateway.providers().fleet();

            var agreed = tg.post("/v1/chat/completions", ask("[sim:answer B] Which is a metal? A) wood B) iron"), h);
            assertThat(agreed.statusCode()).isEqualTo(200);
            assertThat(agreed.headers().firstValue("x-broker-route")).contains("sim/sim-owned");
            Object[] a = row(tg, agreed.headers().firstValue("x-request-id").orElseThrow());
            assertThat(a[0]).isEqualTo(2);
            assertThat((String) a[1]).contains("sim-owned").contains("sim-no-tools").contains("cascade:learned").doesNotContain("sim-frontier");
            assertThat(a[2]).isEqualTo(0);
            assertThat(fleet.received()).filteredOn(r -> r.model().equals("sim-frontier")).isEmpty();

            var differ = tg.post("/v1/chat/completions",
                    ask("[sim:answer B] [sim:answer@sim-no-tools A] Which is a metal? A) wood B) iron"), h);
            assertThat(differ.statusCode()).isEqualTo(200);
            assertThat(differ.headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
            Object[] d = row(tg, differ.headers().firstValue("x-request-id").orElseThrow());
            assertThat(d[0]).isEqualTo(3);
            assertThat((String) d[1]).contains("escalated:learned").contains("sim-owned").contains("sim-no-tools").contains("sim-frontier");
            assertThat(d[2]).isEqualTo(1);
            assertThat((Long) d[3]).isGreaterThan((Long) a[3]);   // paid for all three answers
            assertThat(fleet.received()).filteredOn(r -> r.model().equals("sim-frontier")).hasSize(1);
        }
    }
}
