package io.computebroker.eval.metrics;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TaskRulesTest {
    static RoutingExample ex(String id, String task, double cheapScore, double strongScore) {
        return new RoutingExample(id, "p " + id, task, Map.of("cheap", new ModelResult(cheapScore, 1), "strong", new ModelResult(strongScore, 10)));
    }

    /** Hand-computed: task a needs the strong model for one of its two prompts, task b never does. */
    @Test
    void theCheapestRuleAtEachLevelIsFoundExactly() {
        List<RoutingExample> data = List.of(ex("a1", "a", 1, 1), ex("a2", "a", 0, 1), ex("b1", "b", 1, 1), ex("b2", "b", 1, 1));
        // Frontier: {a: cheap, b: cheap} costs 4 for 3 right; {a: strong, b: cheap} 22 for 4; the rest are beaten.
        assertThat(TaskRules.frontier(data)).extracting(TaskRules.Combo::cost).containsExactly(4.0, 22.0);
        Point strong = new Point("strong", 10, 1.0);
        List<TaskRules.Rule> rules = TaskRules.cheapest(data, strong, List.of(0.7, 0.95, 1.0));
        assertThat(rules).hasSize(3);
        assertThat(rules.get(0).modelPerTask()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "cheap", "b", "cheap"));
        assertThat(rules.get(0).point().cost()).isEqualTo(1.0);
        assertThat(rules.get(0).point().quality()).isEqualTo(0.75);
        assertThat(rules.get(1).modelPerTask()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "strong", "b", "cheap"));
        assertThat(rules.get(1).point().cost()).isEqualTo(5.5);
        assertThat(rules.get(2).point()).isEqualTo(new Point("per-task rule ≥ 100 %", 5.5, 1.0));
    }

    @Test
    void aLevelNoRuleReachesIsLeftOut() {
        List<RoutingExample> data = List.of(ex("a1", "a", 0, 0));
        assertThat(TaskRules.cheapest(data, new Point("strong", 10, 1.0), List.of(0.5))).isEmpty();
    }

    /** The pruned search agrees with trying every assignment (small random data: 3 tasks, 3 models). */
    @Property(tries = 200)
    void matchesBruteForce(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        Random rnd = new Random(seed);
        String[] models = {"m0", "m1", "m2"};
        String[] tasks = {"t0", "t1", "t2"};
        List<RoutingExample> data = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Map<String, ModelResult> rs = new HashMap<>();
            for (String m : models) rs.put(m, new ModelResult(rnd.nextInt(2), rnd.nextInt(5) / 1000.0));
            data.add(new RoutingExample("e" + i, "p", tasks[rnd.nextInt(3)], rs));
        }
        double need = 0.3 + rnd.nextDouble() * 0.7;
        Point ref = new Point("ref", 1, 1.0);
        double bestCost = Double.POSITIVE_INFINITY;
        for (int a = 0; a < 27; a++) {
            Map<String, String> rule = Map.of("t0", models[a % 3], "t1", models[a / 3 % 3], "t2", models[a / 9]);
            double cost = 0, score = 0;
            for (RoutingExample e : data) {
                ModelResult r = e.results().get(rule.get(e.task()));
                cost += r.costUsd();
                score += r.score();
            }
            if (score / data.size() >= need - 1e-9 && cost < bestCost) bestCost = cost;
        }
        List<TaskRules.Rule> found = TaskRules.cheapest(data, ref, List.of(need));
        if (bestCost == Double.POSITIVE_INFINITY) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).hasSize(1);
            assertThat(found.getFirst().point().cost() * data.size()).isCloseTo(bestCost, within(1e-9));
        }
    }
}
