package io.computebroker.server;

import io.computebroker.core.Json;
import io.computebroker.provider.sim.SimulatedFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 1 end to end: prompts with planted personal and secret data, sent through the real gateway
 * in every way that could route them off owned infrastructure (auto, a frontier model by name under a
 * ceiling key, the owned model failing so fallbacks kick in, streaming) never reach the non-owned
 * simulated upstream; the fleet's own receive log is the witness.
 */
class DataBoundaryTest {
    static TestGateway tg;
    static final List<String> PLANTED = List.of(
            "Please summarise the complaint from jan.devries@example.nl about his last invoice.",
            "Card on file is 4111 1111 1111 1111, exp 09/28; classify the refund request.",
            "Transfer to IBAN NL91 ABNA 0417 1643 00 was rejected; explain why in one line.",
            "Our AWS key AKIAIOSFODNN7EXAMPLE leaked in the logs, write a short incident note.",
            "The customer's SSN is 078-05-1120, extract the account age from the notes.");

    @BeforeAll
    static void start() { tg = TestGateway.start(); }

    @org.junit.jupiter.api.AfterAll
    static void stop() { tg.close(); }

    static String body(String model, String prompt, boolean stream) {
        return Json.write(Json.object().put("model", model).put("max_tokens", 100).put("stream", stream)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", prompt))));
    }

    @Test
    void plantedPersonalDataNeverReachesANonOwnedUpstream() {
        Map<String, String> ceiling = new HashMap<>(tg.openAiAuth());
        ceiling.put("x-broker-feature", "claude-code");
        for (String prompt : PLANTED) {
            for (boolean stream : new boolean[]{false, true}) {
                HttpResponse<String> auto = tg.post("/v1/chat/completions", body("auto", prompt, stream), tg.openAiAuth());
                assertThat(auto.statusCode()).as(auto.body()).isEqualTo(200);
                assertThat(auto.headers().firstValue("x-broker-boundary")).contains("owned");
                assertThat(auto.headers().firstValue("x-broker-sensitivity").orElseThrow()).isIn("confidential", "restricted");

                HttpResponse<String> named = tg.post("/v1/chat/completions", body("sim-frontier", prompt, stream), ceiling);
                assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
                assertThat(named.headers().firstValue("x-broker-route")).contains("sim/sim-owned");

                HttpResponse<String> exact = tg.post("/v1/chat/completions", body("sim-frontier", prompt, stream), tg.openAiAuth());
                assertThat(exact.statusCode()).as(exact.body()).isEqualTo(403);

                // The owned model fails: fallbacks must not take the data elsewhere.
                HttpResponse<String> failing = tg.post("/v1/chat/completions", body("auto", prompt + " [sim:500]", stream), tg.openAiAuth());
                assertThat(failing.statusCode()).isEqualTo(502);
            }
        }
        SimulatedFleet fleet = tg.gateway.providers().fleet();
        assertThat(fleet.received()).isNotEmpty();
        assertThat(fleet.received()).filteredOn(r -> !r.model().equals("sim-owned"))
                .noneMatch(r -> r.text().contains("jan.devries") || r.text().contains("4111") || r.text().contains("NL91")
                        || r.text().contains("AKIAIOSFODNN7EXAMPLE") || r.text().contains("078-05-1120"));
    }

    @Test
    void publicTrafficStillUsesTheWholeFleet() {
        HttpResponse<String> r = tg.post("/v1/chat/completions",
                body("auto", "Write a recursive descent parser for arithmetic in Java", false),
                Map.of("authorization", "Bearer " + tg.key, "x-broker-task", "code"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-broker-route")).contains("sim/sim-frontier");
        assertThat(r.headers().firstValue("x-broker-task")).contains("code");
        assertThat(r.headers().firstValue("x-broker-decision").orElseThrow()).startsWith("dec_");
        assertThat(r.headers().firstValue("x-broker-cost-usd")).isPresent();
    }
}
