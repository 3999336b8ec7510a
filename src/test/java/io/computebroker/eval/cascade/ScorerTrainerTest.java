package io.computebroker.eval.cascade;

import io.computebroker.eval.data.RoutingExample;
import io.computebroker.policy.EscalationScorer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.computebroker.eval.cascade.OfflineCascadeTest.ex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Training the escalation scorer. Data: c1 and c2 agree on 30 prompts (right on 27), disagree on 20 (c1, the
 * served one, right on 4) — so agreement should raise the estimated probability a lot.
 */
class ScorerTrainerTest {
    static List<RoutingExample> data() {
        List<RoutingExample> xs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int ok = i < 27 ? 1 : 0;
            xs.add(ex("agree" + i, "t", "c1", ok, 1, "B", "c2", ok, 1, "B", "big", 1, 10, "B"));
        }
        for (int i = 0; i < 20; i++) xs.add(ex("differ" + i, "t", "c1", i < 4 ? 1 : 0, 1, "A", "c2", 0, 1, "C", "big", 1, 10, "B"));
        return xs;
    }

    @Test
    void voteWeightsAreClampedLogOdds() {
        // c1 right on 31/50 = 0.62; c2 right on 27/50 = 0.54
        double[] w = ScorerTrainer.voteWeights(data(), List.of("c1", "c2"));
        assertThat(w[0]).isCloseTo(Math.log(0.62 / 0.38), within(1e-12));
        assertThat(w[1]).isCloseTo(Math.log(0.54 / 0.46), within(1e-12));
    }

    @Test
    void agreementLearnsAHighProbabilityAndDissentALowOne() {
        EscalationScorer s = ScorerTrainer.fit(data(), List.of("c1", "c2"), 0.5);
        double agree = s.probability(List.of("B", "B")), differ = s.probability(List.of("A", "C"));
        // the regularised fit sits near the empirical rates 27/30 and 4/20
        assertThat(agree).isBetween(0.8, 0.95);
        assertThat(differ).isBetween(0.15, 0.3);
        assertThat(s.decide(List.of("B", "B"))).isZero();
        assertThat(s.decide(List.of("A", "C"))).isEqualTo(-1);
    }

    @Test
    void trainingIsDeterministic() {
        EscalationScorer a = ScorerTrainer.fit(data(), List.of("c1", "c2"), 0.5), b = ScorerTrainer.fit(data(), List.of("c1", "c2"), 0.5);
        assertThat(a.coef()).containsExactly(b.coef());
        assertThat(a.bias()).isEqualTo(b.bias());
        assertThat(ScorerTrainer.outOfFold(data(), List.of("c1", "c2"), 5)).containsExactly(ScorerTrainer.outOfFold(data(), List.of("c1", "c2"), 5));
    }

    @Test
    void outOfFoldEstimatesComeFromTheOtherFolds() {
        double[] p = ScorerTrainer.outOfFold(data(), List.of("c1", "c2"), 5);
        assertThat(p).hasSize(50);
        // every agreeing prompt is estimated above every disagreeing one, by scorers that did not see it
        for (int i = 0; i < 30; i++) for (int j = 30; j < 50; j++) assertThat(p[i]).isGreaterThan(p[j]);
    }

    @Test
    void solveByHand() {
        // 2x + y = 5, x + 3y = 10 → x = 1, y = 3
        assertThat(ScorerTrainer.solve(new double[][]{{2, 1}, {1, 3}}, new double[]{5, 10})).containsExactly(new double[]{1, 3}, within(1e-12));
    }
}
