package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {
    @Test
    void computesAccuracyAndPerClassFigures() {
        int k = TaskClass.count();
        int[][] m = new int[k][k];
        int qa = TaskClass.QA.ordinal(), math = TaskClass.MATH.ordinal();
        m[qa][qa] = 8;
        m[qa][math] = 2;
        m[math][math] = 5;
        Evaluation e = new Evaluation(m);
        assertThat(e.total()).isEqualTo(15);
        assertThat(e.accuracy()).isCloseTo(13 / 15.0, within(1e-9));
        Evaluation.ClassFigures q = e.perClass().get(0), mm = e.perClass().get(1);
        assertThat(q.task()).isEqualTo(TaskClass.QA);
        assertThat(q.precision()).isEqualTo(1.0);
        assertThat(q.recall()).isCloseTo(0.8, within(1e-9));
        assertThat(mm.precision()).isCloseTo(5 / 7.0, within(1e-9));
        assertThat(mm.f1()).isCloseTo(2 * (5 / 7.0) / (5 / 7.0 + 1), within(1e-9));
        assertThat(e.table()).contains("accuracy 0.8667 (15 examples)").contains("qa").contains("math").doesNotContain("chat");
    }
}
