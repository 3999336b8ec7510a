package io.computebroker.decide;

import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.identify.Principal;
import io.computebroker.policy.Substitution;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Set;

import static io.computebroker.decide.RoutingFixture.principal;
import static io.computebroker.decide.RoutingFixture.signals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {
    final RoutingFixture f = new RoutingFixture();

    static java.util.List<String> order(Decision d) { return d.order().stream().map(ModelConfig::id).toList(); }

    static String reason(Decision d, String model) {
        return d.candidates().stream().filter(c -> c.model().equals(model)).findFirst().orElseThrow().reason();
    }

    static Signals sig(TaskClass t, Sensitivity s, int tokens, boolean tools, BigDecimal maxCost, double complexity, String feature) {
        return new Signals(t, Signals.Source.DECLARED, 1, complexity, s, Signals.Source.DECLARED, Set.of(), feature, null, maxCost, null,
                tokens, null, tools, false, false);
    }

    @Test
    void autoOrdersEligibleModelsByCostPerAcceptedOutput() {
        Decision d = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal());
        assertThat(order(d)).containsExactly("small-owned", "market", "private", "frontier");
        assertThat(reason(d, "tiny-owned")).isEqualTo("quality 0.60 below floor 0.75");
        assertThat(d.mode()).isEqualTo(Substitution.AUTO);
        assertThat(d.expectedCostUsd()).isEqualByComparingTo("0.000034");
        assertThat(d.policyVersion()).startsWith("pol_");
        assertThat(d.summary()).startsWith("small-owned via auto: cheapest of 4 eligible");
    }

    @Test
    void qualityFloorPerTaskClassRaisesTheBar() {
        Decision d = f.router.decide("broker/auto", signals(TaskClass.CODE, Sensitivity.PUBLIC), principal());
        assertThat(order(d)).containsExactly("market", "private", "frontier");
        assertThat(reason(d, "small-owned")).isEqualTo("quality 0.70 below floor 0.85");
    }

    @Test
    void complexityRaisesTheFloor() {
        Decision d = f.router.decide("auto", sig(TaskClass.CHAT, Sensitivity.PUBLIC, 500, false, null, 1.0, null), principal());
        assertThat(d.qualityFloor()).isEqualTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(order(d)).containsExactly("market", "private", "frontier");
    }

    @Test
    void confidentialStaysOwned() {
        Decision d = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.CONFIDENTIAL), principal());
        assertThat(order(d)).containsExactly("small-owned");
        assertThat(reason(d, "market")).isEqualTo("boundary marketplace not allowed for confidential data");
        assertThat(reason(d, "private")).isEqualTo("boundary private-cloud not allowed for confidential data");
        assertThat(reason(d, "frontier")).isEqualTo("boundary frontier not allowed for confidential data");
    }

    @Test
    void whenNothingMeetsTheFloorTheBestAllowedModelServesAndTheDecisionSaysSo() {
        Decision d = f.router.decide("auto", signals(TaskClass.CODE, Sensitivity.RESTRICTED), principal());
        assertThat(order(d)).containsExactly("small-owned", "tiny-owned");
        assertThat(d.belowFloor()).isTrue();
        assertThat(d.summary()).contains("best available (none meets floor 0.85)");
    }

    @Test
    void exactServesOnlyTheNamedModel() {
        Decision d = f.router.decide("frontier", signals(TaskClass.CLASSIFY, Sensitivity.PUBLIC), principal());
        assertThat(order(d)).containsExactly("frontier");
        assertThat(reason(d, "small-owned")).isEqualTo("not requested (exact)");
    }

    @Test
    void exactToAFrontierModelWithConfidentialDataIsRefusedWith403() {
        assertThatThrownBy(() -> f.router.decide("frontier", signals(TaskClass.CHAT, Sensitivity.CONFIDENTIAL), principal()))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION);
                    assertThat(e.getMessage()).contains("boundary frontier not allowed for confidential");
                });
    }

    @Test
    void unknownModelUnderExactIs404() {
        assertThatThrownBy(() -> f.router.decide("gpt-9", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal()))
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void ceilingKeepsModelsNoDearerThanTheRequestedOne() {
        Principal ceilingKey = new Principal("key_2", "acme", "cc", Sensitivity.PUBLIC, Substitution.CEILING, null);
        Decision d = f.router.decide("private", signals(TaskClass.CHAT, Sensitivity.PUBLIC), ceilingKey);
        assertThat(order(d)).containsExactly("small-owned", "market", "private");
        assertThat(reason(d, "frontier")).isEqualTo("costs more than the requested private (ceiling)");
    }

    @Test
    void unknownModelUnderCeilingIsBrokeredAsAuto() {
        Principal ceilingKey = new Principal("key_2", "acme", "cc", Sensitivity.PUBLIC, Substitution.CEILING, null);
        Decision d = f.router.decide("claude-sonnet-4-5-20250929", signals(TaskClass.CHAT, Sensitivity.PUBLIC), ceilingKey);
        assertThat(d.mode()).isEqualTo(Substitution.AUTO);
        assertThat(d.chosen().id()).isEqualTo("small-owned");
    }

    @Test
    void capabilityContextAndCostConstraints() {
        Decision tools = f.router.decide("auto", sig(TaskClass.CHAT, Sensitivity.PUBLIC, 500, true, null, 0, null), principal());
        assertThat(reason(tools, "tiny-owned")).isEqualTo("no tool support");
        Decision big = f.router.decide("auto", sig(TaskClass.CHAT, Sensitivity.PUBLIC, 3900, false, null, 0, null), principal());
        assertThat(reason(big, "tiny-owned")).startsWith("context window 4000 < 3900 prompt tokens");
        Decision cheap = f.router.decide("auto", sig(TaskClass.CHAT, Sensitivity.PUBLIC, 500, false, new BigDecimal("0.001"), 0, null), principal());
        assertThat(order(cheap)).containsExactly("small-owned");
        assertThat(reason(cheap, "market")).isEqualTo("expected $0.001050 over the $0.001 ceiling");
    }

    @Test
    void rulesMatchInOrderAndNarrowBoundaries() {
        RoutingFixture r = new RoutingFixture(RoutingFixture.POLICY + """
                rules:
                  - name: batch-owned
                    match: {feature: [batch], task: [chat, summarize]}
                    set: {boundaries: [owned]}
                  - name: batch-all
                    match: {feature: [batch]}
                    set: {denyProviders: [mkt], objective: quality}
                """);
        Decision owned = r.router.decide("auto", sig(TaskClass.CHAT, Sensitivity.PUBLIC, 500, false, null, 0, "batch"), principal());
        assertThat(owned.rule()).isEqualTo("batch-owned");
        assertThat(order(owned)).containsExactly("small-owned");
        assertThat(reason(owned, "market")).isEqualTo("boundary marketplace not allowed for public by rule batch-owned");
        Decision second = r.router.decide("auto", sig(TaskClass.QA, Sensitivity.PUBLIC, 500, false, null, 0, "batch"), principal());
        assertThat(second.rule()).isEqualTo("batch-all");
        assertThat(reason(second, "market")).isEqualTo("provider denied by rule batch-all");
        assertThat(order(second).get(0)).isEqualTo("frontier");
        Decision none = r.router.decide("auto", sig(TaskClass.QA, Sensitivity.PUBLIC, 500, false, null, 0, "web"), principal());
        assertThat(none.rule()).isEqualTo("default");
    }

    @Test
    void anOpenCircuitTakesAProviderOutOfTheRunning() {
        for (int i = 0; i < 3; i++) f.breakers.of("mkt").onFailure();
        Decision d = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal());
        assertThat(reason(d, "market")).isEqualTo("circuit open for provider mkt");
        f.clock.advance(java.time.Duration.ofSeconds(11));
        assertThat(order(f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal()))).contains("market");
    }

    @Test
    void keySubstitutionBeatsRuleAndDefault() {
        RoutingFixture r = new RoutingFixture(RoutingFixture.POLICY + """
                rules:
                  - {name: everything-auto, set: {substitution: auto}}
                """);
        assertThat(r.router.decide("frontier", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal()).mode()).isEqualTo(Substitution.AUTO);
        Principal exactKey = new Principal("k", "acme", null, Sensitivity.PUBLIC, Substitution.EXACT, null);
        assertThat(order(r.router.decide("frontier", signals(TaskClass.CHAT, Sensitivity.PUBLIC), exactKey))).containsExactly("frontier");
    }
}
