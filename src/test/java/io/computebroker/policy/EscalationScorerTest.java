package io.computebroker.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The {@code learned:<file>} check's scorer: answer keys, features and decisions checked by hand. */
public class EscalationScorerTest {
    @TempDir Path dir;

    /** Two models; only feature 2 (model 2 agrees with the winner) counts: weight 4 on (x − 0.5) / 0.5. */
    public static EscalationScorer agreementScorer(double threshold) {
        int n = EscalationScorer.featureCount(2);
        double[] mean = new double[n], scale = new double[n], coef = new double[n];
        Arrays.fill(scale, 1);
        mean[2] = 0.5;
        scale[2] = 0.5;
        coef[2] = 4;
        return new EscalationScorer(EscalationScorer.KIND, List.of("a", "b"), new double[]{1, 0.5}, mean, scale, coef, 0, threshold);
    }

    @Test
    void keysAreChoiceLettersThenPythonFunctionNamesThenText() {
        assertThat(EscalationScorer.key("B\n")).isEqualTo("choice:B");
        assertThat(EscalationScorer.key("The answer is (C).")).isEqualTo("choice:C");
        assertThat(EscalationScorer.key("Here:\n```python\ndef find_max(xs):\n    return max(xs)\n```")).isEqualTo("def:find_max");
        assertThat(EscalationScorer.key("function findMax(xs) { }")).isEqualTo("text:function findmax(xs) { }");
        assertThat(EscalationScorer.key("  ")).isNull();
        assertThat(EscalationScorer.key(null)).isNull();
    }

    @Test
    void featuresByHand() {
        // weights 2, 1, 0.5: A gets 2, B gets 1.5 → A wins (reply 0); share 2/3.5; 2 distinct answers of 3
        EscalationScorer.Reading r = EscalationScorer.read(Arrays.asList("A", "B", "B)"), new double[]{2, 1, 0.5});
        assertThat(r.winner()).isZero();
        assertThat(r.features()).containsExactly(new double[]{1, 0, 0, 0, 0, 0, 2 / 3.5, 2 / 3.0, 1, 0, 0, 0, 0}, within(1e-12));
        // a blank reply: counted as blank, not as a vote; B wins with everything that was said
        EscalationScorer.Reading b = EscalationScorer.read(Arrays.asList(null, "B", "B"), new double[]{2, 1, 0.5});
        assertThat(b.winner()).isEqualTo(1);
        assertThat(b.features()).containsExactly(new double[]{0, 1, 1, 0, 1, 0, 1, 1 / 3.0, 0, 1, 0, 0, 0}, within(1e-12));
        // equal weights, one vote each: the answer given first wins the tie
        assertThat(EscalationScorer.read(List.of("C", "D"), new double[]{1, 1}).winner()).isZero();
        assertThat(EscalationScorer.read(Arrays.asList(null, null), new double[]{1, 1}).winner()).isEqualTo(-1);
        assertThatThrownBy(() -> EscalationScorer.read(List.of("A"), new double[]{1, 1})).hasMessageContaining("expected 2 replies");
    }

    @Test
    void agreementPassesTheThresholdAndDissentEscalates() {
        EscalationScorer s = agreementScorer(0.5);
        // agree: z = 4 · (1 − 0.5) / 0.5 = 4; differ: z = −4
        assertThat(s.probability(List.of("B", "B"))).isCloseTo(1 / (1 + Math.exp(-4)), within(1e-12));
        assertThat(s.probability(List.of("B", "A"))).isCloseTo(1 / (1 + Math.exp(4)), within(1e-12));
        assertThat(s.decide(List.of("B", "B"))).isZero();
        assertThat(s.decide(List.of("B", "A"))).isEqualTo(-1);
        assertThat(s.decide(Arrays.asList(null, null))).isEqualTo(-1);
        // a threshold above p(agree) escalates everything; 0 serves even the dissenting pair (a's answer, weight 1 > 0.5)
        assertThat(agreementScorer(0.99).decide(List.of("B", "B"))).isEqualTo(-1);
        assertThat(agreementScorer(0).decide(List.of("B", "A"))).isZero();
    }

    @Test
    void aSavedScorerLoadsBackAndACascadeNamesIt() throws Exception {
        Path f = dir.resolve("s.json");
        agreementScorer(0.5).save(f);
        EscalationScorer back = EscalationScorer.load(f.toString());
        assertThat(back.models()).containsExactly("a", "b");
        assertThat(back.coef()).containsExactly(agreementScorer(0.5).coef());
        assertThat(back.decide(List.of("A", "A"))).isZero();

        Cascade c = new Cascade("learned:" + f, null, null);
        assertThat(c.learned()).isTrue();
        assertThat(c.models()).containsExactly("a", "b");   // the tier comes from the scorer
        assertThat(c.label()).isEqualTo("learned");
        assertThatThrownBy(() -> new Cascade("learned:" + f, List.of("b", "a"), null)).hasMessageContaining("must be the scorer's tier");
        assertThatThrownBy(() -> new Cascade("learned:" + dir.resolve("none.json"), null, null)).hasMessageContaining("cannot read escalation scorer");
        Files.writeString(dir.resolve("bad.json"), Files.readString(f).replace(EscalationScorer.KIND, "other"));
        assertThatThrownBy(() -> EscalationScorer.load(dir.resolve("bad.json").toString())).hasMessageContaining("not an escalation scorer");
    }
}
