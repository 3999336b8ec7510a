package io.computebroker.eval.cascade;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.metrics.Evaluation;
import io.computebroker.eval.metrics.EvaluationReport;
import io.computebroker.eval.metrics.Outcome;
import io.computebroker.eval.metrics.ReportWriters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * An offline cascade over recorded answers, on four hand-made prompts. Models: c1 ($1), c2 ($2), big ($10).
 * <pre>
 *        c1        c2        big       agree[c1,c2] → big
 * e1     B ✓       B) ✓      B ✓       agree on B: c1's answer, $3, score 1
 * e2     A ✗       B ✓       B ✓       differ: big, $13, score 1
 * e3     A ✗       A ✗       B ✓       agree on A (wrong): $3, score 0
 * e4     C ✗       B ✗       D ✗       differ: big, $13, score 0
 * </pre>
 * Mean: accuracy 0.5, cost $8 (big alone, the best single model: 0.75 at $10; c2 alone 0.5).
 */
class OfflineCascadeTest {
    @TempDir Path dir;

    static RoutingExample ex(String id, String task, Object... cells) {
        Map<String, ModelResult> r = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cells.length; i += 4) {
            r.put((String) cells[i], new ModelResult(((Number) cells[i + 1]).doubleValue(), ((Number) cells[i + 2]).doubleValue(), (String) cells[i + 3]));
        }
        return new RoutingExample(id, "prompt " + id, task, r);
    }

    static final List<RoutingExample> DATA = List.of(
            ex("e1", "t", "c1", 1, 1, "B", "c2", 1, 2, "B)", "big", 1, 10, "B"),
            ex("e2", "t", "c1", 0, 1, "A", "c2", 1, 2, "B", "big", 1, 10, "B"),
            ex("e3", "t", "c1", 0, 1, "A", "c2", 0, 2, "A", "big", 1, 10, "B"),
            ex("e4", "t", "c1", 0, 1, "C\n", "c2", 0, 2, "B", "big", 0, 10, "D"));

    static CascadeSpec spec(CascadeSpec.Plan plan) {
        return new CascadeSpec(null, Map.of("t", plan));
    }

    @Test
    void agreementAcceptsTheCheapAnswerAndEscalatesOnDisagreement() {
        OfflineCascade c = new OfflineCascade(spec(new CascadeSpec.Plan(null, "agree", List.of("c1", "c2"), null, "big")), null);
        assertThat(c.serve(DATA.get(0), 0)).isEqualTo(new Outcome("e1", "c1", 1, 3, List.of("c1", "c2")));
        assertThat(c.serve(DATA.get(1), 0)).isEqualTo(new Outcome("e2", "big", 1, 13, List.of("c1", "c2", "big")));
        assertThat(c.serve(DATA.get(2), 0)).isEqualTo(new Outcome("e3", "c1", 0, 3, List.of("c1", "c2")));
        assertThat(c.serve(DATA.get(3), 0)).isEqualTo(new Outcome("e4", "big", 0, 13, List.of("c1", "c2", "big")));

        EvaluationReport r = Evaluation.run(c, DATA, List.of(0.0));
        assertThat(r.at(0.0).point().quality()).isCloseTo(0.5, within(1e-12));
        assertThat(r.at(0.0).point().cost()).isCloseTo(8.0, within(1e-12));
        assertThat(r.bestSingle().label()).isEqualTo("big");
        assertThat(r.at(0.0).relative().quality()).isCloseTo(0.5 / 0.75, within(1e-12));
        assertThat(r.at(0.0).relative().cost()).isCloseTo(0.8, within(1e-12));
        assertThat(r.at(0.0).missing()).isZero();
        String decisions = ReportWriters.decisionsJsonl(r.at(0.0).decisions());
        assertThat(decisions.lines().toList()).containsExactly(
                "{\"id\":\"e1\",\"model\":\"c1\",\"called\":[\"c1\",\"c2\"],\"cost_usd\":3.0}",
                "{\"id\":\"e2\",\"model\":\"big\",\"called\":[\"c1\",\"c2\",\"big\"],\"cost_usd\":13.0}",
                "{\"id\":\"e3\",\"model\":\"c1\",\"called\":[\"c1\",\"c2\"],\"cost_usd\":3.0}",
                "{\"id\":\"e4\",\"model\":\"big\",\"called\":[\"c1\",\"c2\",\"big\"],\"cost_usd\":13.0}");
    }

    @Test
    void aTieBreakerIsOnlyAskedWhenNeededAndAnEscalationToItIsNotPaidTwice() {
        // [c1, c2, big] with 2 of 3: big breaks ties; escalating to big reuses its answer
        OfflineCascade c = new OfflineCascade(spec(new CascadeSpec.Plan(null, "agree", List.of("c1", "c2", "big"), 2.0 / 3, "big")), null);
        assertThat(c.serve(DATA.get(0), 0)).isEqualTo(new Outcome("e1", "c1", 1, 3, List.of("c1", "c2")));
        assertThat(c.serve(DATA.get(1), 0)).isEqualTo(new Outcome("e2", "c2", 1, 13, List.of("c1", "c2", "big")));  // B twice: c2's
        assertThat(c.serve(DATA.get(3), 0)).isEqualTo(new Outcome("e4", "big", 0, 13, List.of("c1", "c2", "big")));  // C, B, D
    }

    @Test
    void singleAnswerChecksTryTheModelsInTurn() {
        RoutingExample e = ex("j", "t", "c1", 0, 1, "not json", "c2", 1, 2, "{\"total\": 99}", "big", 1, 10, "{}");
        OfflineCascade c = new OfflineCascade(spec(new CascadeSpec.Plan(null, "json", List.of("c1", "c2"), null, "big")), null);
        assertThat(c.serve(e, 0)).isEqualTo(new Outcome("j", "c2", 1, 3, List.of("c1", "c2")));
        RoutingExample none = ex("k", "t", "c1", 0, 1, "no", "c2", 0, 2, "nope", "big", 1, 10, "{}");
        assertThat(c.serve(none, 0)).isEqualTo(new Outcome("k", "big", 1, 13, List.of("c1", "c2", "big")));
    }

    @Test
    void tasksWithoutAPlanAndOpenEscalationsGoToTheRouterAtTheKnob() {
        RoutingExample u = ex("u1", "u", "c1", 0, 1, "A", "big", 1, 10, "B");
        OfflineCascade c = new OfflineCascade(spec(new CascadeSpec.Plan(null, "agree", List.of("c1", "c2"), null, null)),
                (prompt, task, knob) -> knob < 0.5 ? "big" : "c1");
        assertThat(c.usesKnob()).isTrue();
        assertThat(c.serve(u, 0)).isEqualTo(new Outcome("u1", "big", 1, 10));
        assertThat(c.serve(u, 1)).isEqualTo(new Outcome("u1", "c1", 0, 1));
        assertThat(c.serve(DATA.get(1), 1)).isEqualTo(new Outcome("e2", "c1", 0, 3, List.of("c1", "c2")));   // escalation = c1, already asked
        EvaluationReport r = Evaluation.run(c, List.of(DATA.get(1), u), List.of(0.0, 1.0));
        assertThat(r.at(0.0).point().cost()).isCloseTo((13 + 10) / 2.0, within(1e-12));
        assertThat(r.at(1.0).point().quality()).isZero();
    }

    @Test
    void routePlansAndValidation() {
        OfflineCascade routed = new OfflineCascade(spec(CascadeSpec.Plan.route("c2")), null);
        assertThat(routed.serve(DATA.get(0), 0)).isEqualTo(new Outcome("e1", "c2", 1, 2));

        List<RoutingExample> noAnswers = List.of(new RoutingExample("x", "p", "t",
                Map.of("c1", new ModelResult(1, 1), "c2", new ModelResult(1, 2), "big", new ModelResult(1, 10))));
        OfflineCascade agree = new OfflineCascade(spec(new CascadeSpec.Plan(null, "agree", List.of("c1", "c2"), null, "big")), null);
        assertThatThrownBy(() -> agree.validate(noAnswers)).hasMessageContaining("no recorded answers for cascade model c1");
        agree.validate(DATA);

        OfflineCascade open = new OfflineCascade(spec(new CascadeSpec.Plan(null, "agree", List.of("c1", "c2"), null, null)), null);
        assertThatThrownBy(() -> open.validate(DATA)).hasMessageContaining("needs a plan with route or escalate");
    }

    @Test
    void theSpecFileReadsWritesAndNamesMistakes() throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                escalate: big
                tasks:
                  t: {check: agree, models: [c1, c2], quorum: 1.0}
                  "*": {route: c1}
                """);
        CascadeSpec s = CascadeSpec.load(f);
        assertThat(s.planFor("t").cascade().models()).containsExactly("c1", "c2");
        assertThat(s.planFor("other").route()).isEqualTo("c1");
        assertThat(s.planFor(null).route()).isEqualTo("c1");
        s.save(dir.resolve("again.yaml"));
        assertThat(CascadeSpec.load(dir.resolve("again.yaml"))).isEqualTo(s);

        Files.writeString(f, "escalte: big\ntasks:\n  t: {route: c1}\n");
        assertThatThrownBy(() -> CascadeSpec.load(f)).hasMessageContaining("escalte");
        Files.writeString(f, "tasks:\n  t: {route: c1, check: json, models: [c1]}\n");
        assertThatThrownBy(() -> CascadeSpec.load(f)).hasMessageContaining("either {route}");
        Files.writeString(f, "tasks:\n  t: {check: agree, models: [c1]}\n");
        assertThatThrownBy(() -> CascadeSpec.load(f)).hasMessageContaining("at least two");
    }

    @Test
    void aLearnedCheckCallsTheWholeTierAndTheScorerDecides() {
        Path f = dir.resolve("c1c2.scorer.json");
        // hand-set scorer (see EscalationScorerTest): only "c2 agrees with the winner" counts; vote weights c1 1, c2 0.5
        io.computebroker.policy.EscalationScorerTest.agreementScorer(0.5).save(f);
        String json = io.computebroker.core.Json.write(io.computebroker.core.Json.parse(readString(f)));
        writeString(f, json.replace("[\"a\",\"b\"]", "[\"c1\",\"c2\"]"));
        OfflineCascade c = new OfflineCascade(spec(new CascadeSpec.Plan(null, "learned:" + f, List.of("c1", "c2"), null, "big")), null);
        assertThat(c.serve(DATA.get(0), 0)).isEqualTo(new Outcome("e1", "c1", 1, 3, List.of("c1", "c2")));
        assertThat(c.serve(DATA.get(1), 0)).isEqualTo(new Outcome("e2", "big", 1, 13, List.of("c1", "c2", "big")));
        assertThat(c.serve(DATA.get(2), 0)).isEqualTo(new Outcome("e3", "c1", 0, 3, List.of("c1", "c2")));
        assertThat(c.serve(DATA.get(3), 0)).isEqualTo(new Outcome("e4", "big", 0, 13, List.of("c1", "c2", "big")));
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeString(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
