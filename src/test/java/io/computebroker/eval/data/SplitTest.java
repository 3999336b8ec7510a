package io.computebroker.eval.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SplitTest {
    static List<RoutingExample> data() {
        List<RoutingExample> xs = new ArrayList<>();
        Map<String, Integer> sizes = Map.of("mmlu", 100, "gsm8k", 50, "tiny", 7);
        sizes.forEach((task, n) -> {
            for (int i = 0; i < n; i++) xs.add(new RoutingExample(task + ":" + i, "p", task, Map.of("m", new ModelResult(1, 0))));
        });
        xs.add(new RoutingExample("untasked", "p", null, Map.of("m", new ModelResult(1, 0))));
        return xs;
    }

    static Set<String> ids(List<RoutingExample> xs) { return xs.stream().map(RoutingExample::id).collect(Collectors.toSet()); }

    static long count(List<RoutingExample> xs, String task) { return xs.stream().filter(e -> task.equals(e.task())).count(); }

    @Test
    void disjointCompleteAndStratifiedByTask() {
        List<RoutingExample> xs = data();
        Split s = Split.of(xs, 0.2, 7);
        assertThat(Collections.disjoint(ids(s.train()), ids(s.heldOut()))).isTrue();
        assertThat(s.train().size() + s.heldOut().size()).isEqualTo(xs.size());
        assertThat(count(s.heldOut(), "mmlu")).isEqualTo(20);
        assertThat(count(s.heldOut(), "gsm8k")).isEqualTo(10);
        assertThat(count(s.heldOut(), "tiny")).isEqualTo(1); // round(7 x 0.2)
    }

    @Test
    void sameSeedSameSplitWhateverTheOrderAndOtherSeedsDiffer() {
        List<RoutingExample> xs = data();
        Split a = Split.of(xs, 0.2, 7);
        List<RoutingExample> shuffled = new ArrayList<>(xs);
        Collections.shuffle(shuffled, new Random(1));
        assertThat(ids(Split.of(shuffled, 0.2, 7).heldOut())).isEqualTo(ids(a.heldOut()));
        assertThat(Split.of(xs, 0.2, 7)).isEqualTo(a);
        assertThat(ids(Split.of(xs, 0.2, 8).heldOut())).isNotEqualTo(ids(a.heldOut()));
    }

    @Test
    void edgesHoldOutNothingOrEverything() {
        assertThat(Split.of(data(), 0, 7).heldOut()).isEmpty();
        assertThat(Split.of(data(), 1, 7).train()).isEmpty();
    }
}
