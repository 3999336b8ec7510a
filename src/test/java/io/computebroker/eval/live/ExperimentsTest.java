package io.computebroker.eval.live;

import io.computebroker.core.Json;
import io.computebroker.server.TestGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Shadow and canary trials on the simulated fleet, through the real gateway. */
class ExperimentsTest {
    static String ask(int i) {
        return Json.write(Json.object().put("model", "auto").put("max_tokens", 60)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", "Hello number " + i))));
    }

    static void policy(TestGateway tg, String rules) throws Exception {
        Path p = Path.of(tg.gateway.config().server().policyFile());
        String base;
        try (var in = ExperimentsTest.class.getResourceAsStream("/test-policy.yaml")) {
            base = new String(in.readAllBytes());
        }
        Files.writeString(p, base.replace("rules:", "rules:\n" + rules));
        assertThat(tg.gateway.policies().reload()).isTrue();
    }

    static long count(TestGateway tg, String sql) {
        return tg.gateway.database().with(c -> {
            try (var rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Shadow calls run after the caller's answer: waits (at most 10 s) until {@code n} are settled in the store. */
    static void awaitSettledShadows(TestGateway tg, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count(tg, "SELECT COUNT(*) FROM ledger WHERE id LIKE '%-shadow' AND state = 'settled'") < n && System.nanoTime() < deadline) {
            tg.gateway.ledger().flush(Duration.ofSeconds(1));
            Thread.sleep(50);
        }
    }

    @Test
    void shadowMirrorsToTheCandidateRecordsAndScoresButTheCallerSeesOnlyThePrimary() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            policy(tg, "  - {name: try-frontier, match: {task: [chat]}, set: {shadow: {model: sim-frontier, share: 1.0, scorer: exact}}}");
            Map<String, String> chat = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "chat");
            for (int i = 0; i < 5; i++) {
                var r = tg.post("/v1/chat/completions", ask(i), chat);
                assertThat(r.headers().firstValue("x-broker-route")).contains("sim/sim-owned");
                assertThat(r.body()).contains("[simulated sim-owned]").doesNotContain("sim-frontier");
            }
            awaitSettledShadows(tg, 5);
            assertThat(count(tg, "SELECT COUNT(*) FROM ledger WHERE id LIKE '%-shadow' AND model = 'sim-frontier' AND cost_nusd > 0")).isEqualTo(5);
            assertThat(tg.gateway.providers().fleet().received()).filteredOn(x -> x.model().equals("sim-frontier")).hasSize(5);
        }
    }

    @Test
    void aStreamedCallIsShadowedOnceItsStreamHasEnded() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            policy(tg, "  - {name: try-frontier, match: {task: [chat]}, set: {shadow: {model: sim-frontier, share: 1.0, scorer: exact}}}");
            Map<String, String> chat = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "chat");
            for (int i = 0; i < 3; i++) {
                var streamed = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(ask(i));
                var r = tg.post("/v1/chat/completions", Json.write(streamed.put("stream", true)), chat);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("simulated sim-owned").contains("data: [DONE]").doesNotContain("sim-frontier");
            }
            awaitSettledShadows(tg, 3);
            assertThat(count(tg, "SELECT COUNT(*) FROM ledger WHERE id LIKE '%-shadow' AND model = 'sim-frontier' AND cost_nusd > 0")).isEqualTo(3);
            assertThat(count(tg, "SELECT COUNT(*) FROM ledger WHERE id NOT LIKE '%-shadow' AND streamed = 1 AND state = 'settled'")).isEqualTo(3);
            assertThat(tg.gateway.providers().fleet().received()).filteredOn(x -> x.model().equals("sim-frontier")).hasSize(3);
        }
    }

    @Test
    void aJudgeScorerIsCalledThroughTheBrokerAndBilled() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            policy(tg, "  - {name: judged, match: {task: [chat]}, set: {shadow: {model: sim-frontier, share: 1.0, scorer: \"judge:sim-frontier\"}}}");
            Map<String, String> chat = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "chat");
            String id = tg.post("/v1/chat/completions", ask(1), chat).headers().firstValue("x-request-id").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String sql = "SELECT COUNT(*) FROM ledger WHERE id = '" + id + "-judge' AND feature = 'judge' AND task = 'classify'"
                    + " AND model = 'sim-frontier' AND cost_nusd > 0";
            while (count(tg, sql) < 1 && System.nanoTime() < deadline) {
                tg.gateway.ledger().flush(Duration.ofSeconds(1));
                Thread.sleep(50);
            }
            assertThat(count(tg, sql)).isEqualTo(1);
        }
    }

    @Test
    void aCanaryThatFailsItsScorerIsRolledBackAutomaticallyAndAudited() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            policy(tg, "  - {name: canary-frontier, match: {task: [chat]}, set: {canary: {model: sim-frontier, share: 1.0,"
                    + " scorer: \"regex:^NEVER\", minScore: 0.8, minSamples: 5}}}");
            Map<String, String> chat = Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "chat");
            for (int i = 0; i < 5; i++) {
                assertThat(tg.post("/v1/chat/completions", ask(i), chat).headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
            }
            // Five calls, none passing the scorer: rolled back, and traffic is back on the normal route.
            assertThat(tg.post("/v1/chat/completions", ask(99), chat).headers().firstValue("x-broker-route")).contains("sim/sim-owned");
            assertThat(count(tg, "SELECT COUNT(*) FROM audit_log WHERE action = 'canary-rollback'")).isEqualTo(1);
        }
    }

    @Test
    void aCanaryCanNeverTakeDataOffItsBoundary() throws Exception {
        try (TestGateway tg = TestGateway.start()) {
            policy(tg, "  - {name: canary-frontier, set: {canary: {model: sim-frontier, share: 1.0, scorer: json}}}");
            var r = tg.post("/v1/chat/completions", ask(1).replace("Hello number 1", "Mail anna@example.org the summary"), tg.openAiAuth());
            assertThat(r.headers().firstValue("x-broker-route")).contains("sim/sim-owned");
        }
    }
}
