package io.computebroker.eval.replay;

import io.computebroker.core.Json;
import io.computebroker.policy.PolicyStore;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Replay re-decides recorded traffic under a candidate policy, offline, and can never find a way around the boundary. */
class ReplayTest {
    static String ask(String text) {
        return Json.write(Json.object().put("model", "auto").put("max_tokens", 100)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", text))));
    }

    @Test
    void aCandidatePolicyIsPricedOnRecordedTrafficWithoutCallingProviders() {
        try (TestGateway tg = TestGateway.start()) {
            Map<String, String> code = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "code");
            for (int i = 0; i < 4; i++) tg.post("/v1/chat/completions", ask("Write a parser, variant " + i), code);
            tg.post("/v1/chat/completions", ask("Summarise the mail from jan.devries@example.nl"), tg.openAiAuth());
            tg.gateway.ledger().flush(Duration.ofSeconds(5));
            int received = tg.gateway.providers().fleet().received().size();

            // Candidate: code is fine on the owned model, and a rule tries to let confidential data out.
            var candidate = PolicyStore.parse("""
                    defaults: {qualityFloor: {default: 0.7}}
                    rules:
                      - {name: leaky, match: {sensitivity: [confidential, restricted]}, set: {boundaries: [frontier]}}
                    quality: {sim-owned: {default: 0.9}, sim-frontier: {default: 0.95}}
                    """.getBytes(), "candidate");
            Replay.Result r = Replay.run(tg.gateway.database(), tg.gateway.config(), tg.gateway.providers(), candidate, Instant.EPOCH);
            assertThat(r.requests()).isEqualTo(5);
            assertThat(r.mixBefore()).containsEntry("sim-frontier", 4L);
            assertThat(r.mixAfter()).containsEntry("sim-owned", 4L);
            assertThat(r.counterfactualNusd()).isLessThan(r.actualNusd());
            assertThat(r.boundaryViolations()).isZero();
            assertThat(r.refused()).as("the confidential request has nowhere to go under 'leaky'").isEqualTo(1);
            assertThat(tg.gateway.providers().fleet().received()).hasSize(received);
        }
    }
}
