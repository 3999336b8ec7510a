package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HoldoutSplitTest {
    static List<LabeledPrompt> data() {
        List<LabeledPrompt> d = new ArrayList<>();
        for (int i = 0; i < 100; i++) d.add(new LabeledPrompt("qa " + i, TaskClass.QA));
        for (int i = 0; i < 10; i++) d.add(new LabeledPrompt("plan " + i, TaskClass.PLAN));
        return d;
    }

    @Test
    void isStratifiedDisjointAndComplete() {
        HoldoutSplit s = HoldoutSplit.stratified(data(), 0.2, 42);
        assertThat(s.test().stream().filter(p -> p.task() == TaskClass.QA)).hasSize(20);
        assertThat(s.test().stream().filter(p -> p.task() == TaskClass.PLAN)).hasSize(2);
        assertThat(s.train()).hasSize(88);
        HashSet<LabeledPrompt> all = new HashSet<>(s.train());
        all.addAll(s.test());
        assertThat(all).hasSize(110);
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertThat(HoldoutSplit.stratified(data(), 0.2, 42)).isEqualTo(HoldoutSplit.stratified(data(), 0.2, 42));
        assertThat(HoldoutSplit.stratified(data(), 0.2, 43).test()).isNotEqualTo(HoldoutSplit.stratified(data(), 0.2, 42).test());
        assertThat(HoldoutSplit.stratified(data(), 0, 42).test()).isEmpty();
    }
}
