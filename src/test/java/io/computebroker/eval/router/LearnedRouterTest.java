package io.computebroker.eval.router;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.metrics.Evaluation;
import io.computebroker.eval.metrics.EvaluationReport;
import io.computebroker.eval.metrics.ReportWriters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LearnedRouterTest {
    /**
     * Synthetic data with a learnable rule: "cheap" only gets prompts about "weather" right, "pricey" gets
     * everything right. A router that learned nothing would send all or none to "pricey".
     */
    static List<RoutingExample> data(int n, long seed) {
        Random rnd = new Random(seed);
        String[] filler = {"please", "tell", "me", "about", "the", "today", "quickly", "now"};
        List<RoutingExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean easy = rnd.nextBoolean();
            StringBuilder p = new StringBuilder(easy ? "weather forecast" : "prove theorem");
            for (int w = 0; w < 5; w++) p.append(' ').append(filler[rnd.nextInt(filler.length)]);
            out.add(new RoutingExample("s" + seed + "-" + i, p.toString(), "qa",
                    Map.of("cheap", new ModelResult(easy ? 1 : 0, 0.001), "pricey", new ModelResult(1, 0.01))));
        }
        return out;
    }

    @Test
    void learnsWhichPromptsTheCheapModelHandles() {
        LearnedRouter r = LearnedRouter.train(data(400, 1), LearnedRouter.Options.defaults());
        assertThat(r.acceptance("weather forecast please", "qa").get("cheap")).isGreaterThan(0.8);
        assertThat(r.acceptance("prove theorem please", "qa").get("cheap")).isLessThan(0.2);
        assertThat(r.choose("weather forecast now", "qa", 0.1)).isEqualTo("cheap");
        assertThat(r.choose("prove theorem now", "qa", 0.1)).isEqualTo("pricey");
        assertThat(r.choose("prove theorem now", "qa", 10)).isEqualTo("cheap");   // huge knob: always cheapest
        assertThat(r.meanCost().get("cheap")).isCloseTo(0.001, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void pickIsCheapestWithinKnobOfBest() {
        double[] p = {0.9, 0.85, 0.5};
        double[] cost = {10, 5, 1};
        assertThat(LearnedRouter.pick(p, cost, 0)).isZero();
        assertThat(LearnedRouter.pick(p, cost, 0.05)).isEqualTo(1);
        assertThat(LearnedRouter.pick(p, cost, 0.4)).isEqualTo(2);
    }

    @Test
    void saveLoadReproducesPredictions(@TempDir Path dir) {
        LearnedRouter r = LearnedRouter.train(data(200, 2), LearnedRouter.Options.defaults().withEpochs(2));
        Path f = dir.resolve("r.bin");
        r.save(f);
        LearnedRouter back = LearnedRouter.load(f);
        for (String prompt : List.of("weather forecast", "prove theorem today", "")) {
            assertThat(back.acceptance(prompt, "qa")).isEqualTo(r.acceptance(prompt, "qa"));
        }
    }

    @Test
    void evaluationAndWritersOnHeldOut(@TempDir Path dir) throws Exception {
        LearnedRouter r = LearnedRouter.train(data(400, 4), LearnedRouter.Options.defaults());
        List<RoutingExample> test = data(100, 5);
        EvaluationReport rep = Evaluation.run(r, test, List.of(0.0, 0.1, 1.0));
        // The rule is learnable, so the knob-0.1 router should be near-perfect at well under the pricey cost.
        assertThat(rep.at(0.1).point().quality()).isGreaterThan(0.95);
        assertThat(rep.at(0.1).relative().cost()).isLessThan(0.7);
        assertThat(rep.twoModel()).isPresent();
        // Half the prompts need the strong model, so a perfect router's curve is (0,0)-(0.5,1)-(1,1): APGR 0.75;
        // random routing gets 0.5.
        assertThat(rep.twoModel().get().apgr()).isGreaterThan(0.7);
        ReportWriters.writeAll(rep, 0.1, dir);
        assertThat(Files.readAllLines(dir.resolve("decisions.jsonl"))).hasSize(100).allMatch(l -> l.startsWith("{\"id\":"));
        assertThat(Files.readString(dir.resolve("curve.svg"))).startsWith("<svg").contains("oracle");
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"aiq\"");
        ExamplesJsonl.write(dir.resolve("t.jsonl"), test);
        assertThat(ExamplesJsonl.read(dir.resolve("t.jsonl"))).isEqualTo(test);
    }
}
