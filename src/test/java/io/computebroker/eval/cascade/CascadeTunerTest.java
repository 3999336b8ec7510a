package io.computebroker.eval.cascade;

import io.computebroker.eval.data.RoutingExample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.computebroker.eval.cascade.OfflineCascadeTest.ex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Ten prompts of one task. c1 ($1) and c2 ($1.5) both answer B correctly on eight and disagree, both
 * wrong, on two; big ($10) is always right. Per prompt: route c1 = 0.8 at $1; agree[c1,c2] → big =
 * 1.0 at $2.5 + 0.2 × $10 = $4.5; route big = 1.0 at $10.
 */
class CascadeTunerTest {
    static List<RoutingExample> data() {
        List<RoutingExample> xs = new ArrayList<>();
        for (int i = 0; i < 8; i++) xs.add(ex("ok" + i, "t", "c1", 1, 1, "B", "c2", 1, 1.5, "B", "big", 1, 10, "B"));
        for (int i = 0; i < 2; i++) xs.add(ex("bad" + i, "t", "c1", 0, 1, "A", "c2", 0, 1.5, "C", "big", 1, 10, "B"));
        return xs;
    }

    @Test
    void underAHalfCostCapTheAgreementCascadeWins() {
        CascadeTuner.Tuned t = CascadeTuner.tune(data(), 0.5);
        assertThat(t.reference().label()).isEqualTo("big");
        assertThat(t.spec().planFor("t")).isEqualTo(new CascadeSpec.Plan(null, "agree", List.of("c1", "c2"), null, "big"));
        assertThat(t.train().quality()).isCloseTo(1.0, within(1e-12));
        assertThat(t.train().cost()).isCloseTo(4.5, within(1e-12));
        assertThat(t.spec().escalate()).isEqualTo("big");
    }

    @Test
    void underATightCapTheCheapModelAloneWins() {
        CascadeTuner.Tuned t = CascadeTuner.tune(data(), 0.2);
        assertThat(t.spec().planFor("t")).isEqualTo(CascadeSpec.Plan.route("c1"));
        assertThat(t.train().quality()).isCloseTo(0.8, within(1e-12));
        assertThat(t.train().cost()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aCapNothingFitsUnderIsAnError() {
        assertThatThrownBy(() -> CascadeTuner.tune(data(), 0.05)).hasMessageContaining("no plan fits");
    }

    /**
     * 50 prompts: c1 and c2 ($0.01 each) agree on B and are right (30), agree on D and are wrong (10), disagree and are
     * wrong (10); big ($0.1) is always right. agree[c1,c2] → big: 0.8 at $0.04. A learned scorer can also tell that an
     * agreed D is wrong (the winning letter is a feature): escalating the D-agreements and the disagreements gives
     * 1.0 at $0.02 + 0.4 × $0.1 = $0.06, which fits a 0.61 cap.
     */
    @Test
    void aLearnedScorerSeesWhatAgreementCannot() {
        List<RoutingExample> xs = new ArrayList<>();
        for (int i = 0; i < 30; i++) xs.add(ex("b" + i, "t", "c1", 1, 0.01, "B", "c2", 1, 0.01, "B", "big", 1, 0.1, "B"));
        for (int i = 0; i < 10; i++) xs.add(ex("d" + i, "t", "c1", 0, 0.01, "D", "c2", 0, 0.01, "D", "big", 1, 0.1, "B"));
        for (int i = 0; i < 10; i++) xs.add(ex("x" + i, "t", "c1", 0, 0.01, "A", "c2", 0, 0.01, "C", "big", 1, 0.1, "B"));
        assertThat(CascadeTuner.tune(xs, 0.61).train().quality()).isCloseTo(0.8, within(1e-12));   // without --learned

        CascadeTuner.Tuned t = CascadeTuner.tune(xs, 0.61, task -> dir.resolve(task + ".scorer.json"), false);
        CascadeSpec.Plan p = t.spec().planFor("t");
        assertThat(p.check()).isEqualTo("learned:" + dir.resolve("t.scorer.json"));
        assertThat(p.models()).containsExactly("c1", "c2");
        assertThat(p.escalate()).isEqualTo("big");
        assertThat(t.train().quality()).isCloseTo(1.0, within(1e-12));
        assertThat(t.train().cost()).isCloseTo(0.06, within(1e-12));
        // the written scorer, refitted on all the prompts, replays to the same point
        var r = io.computebroker.eval.metrics.Evaluation.run(new OfflineCascade(t.spec(), null), xs, List.of(0.0));
        assertThat(r.at(0.0).point().quality()).isCloseTo(1.0, within(1e-12));
        assertThat(r.at(0.0).point().cost()).isCloseTo(0.06, within(1e-12));
    }

    /** Task x: 1 point for $1 or 3 for $4; task y: 1 for $1 or 2 for $2. Under $5 the best is x's 3 + y's 1 = 4 (x 1 + y 2 = 3). */
    @Test
    void theKnapsackSpendsTheBudgetExactly() {
        CascadeTuner.Scored x1 = new CascadeTuner.Scored(CascadeSpec.Plan.route("x1"), null, 1, 1), x3 = new CascadeTuner.Scored(CascadeSpec.Plan.route("x3"), null, 3, 4);
        CascadeTuner.Scored y1 = new CascadeTuner.Scored(CascadeSpec.Plan.route("y1"), null, 1, 1), y2 = new CascadeTuner.Scored(CascadeSpec.Plan.route("y2"), null, 2, 2);
        var options = new java.util.LinkedHashMap<String, List<CascadeTuner.Scored>>();
        options.put("x", List.of(x1, x3));
        options.put("y", List.of(y1, y2));
        assertThat(CascadeTuner.knapsack(options, 5)).containsExactly(java.util.Map.entry("x", x3), java.util.Map.entry("y", y1));
        // costs are rounded up to 1/4000 of the budget, so an exact fit needs a little room
        assertThat(CascadeTuner.knapsack(options, 3.01)).containsExactly(java.util.Map.entry("x", x1), java.util.Map.entry("y", y2));
        assertThat(CascadeTuner.knapsack(options, 1.5)).isNull();
    }

    @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;
}
