package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error the gateway returns, in both caller formats: right status, right body shape, a useful message. */
class ErrorResponsesTest {
    enum Format { OPENAI, ANTHROPIC }

    static TestGateway tg;

    @BeforeAll
    static void start() { tg = TestGateway.start(); }

    @AfterAll
    static void stop() { tg.close(); }

    static String path(Format f) { return f == Format.OPENAI ? "/v1/chat/completions" : "/v1/messages"; }

    static Map<String, String> auth(Format f) { return f == Format.OPENAI ? tg.openAiAuth() : tg.anthropicAuth(); }

    static String chat(String model, String prompt, boolean stream) {
        return Json.write(Json.object().put("model", model).put("max_tokens", 200).put("stream", stream)
                .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", prompt))));
    }

    /** Asserts the status and the error body shape of the caller's format; returns the error object. */
    static JsonNode error(HttpResponse<String> r, Format f, int status, String type) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = Json.parse(r.body());
        JsonNode err = body.get("error");
        assertThat(err).as(r.body()).isNotNull();
        assertThat(err.get("message").asText()).isNotBlank();
        if (f == Format.ANTHROPIC) {
            assertThat(body.get("type").asText()).isEqualTo("error");
            assertThat(err.get("type").asText()).isEqualTo(type);
        } else {
            assertThat(err.has("type")).isTrue();
            assertThat(err.has("code")).isTrue();
        }
        return err;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void malformedJsonIs400(Format f) {
        JsonNode e = error(tg.post(path(f), "{\"model\": \"sim-owned\", ", auth(f)), f, 400, "invalid_request_error");
        assertThat(e.get("message").asText()).contains("malformed JSON");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void schemaViolationNamesTheField(Format f) {
        String body = "{\"model\":\"sim-owned\",\"max_tokens\":10,\"messages\":\"hello\"}";
        JsonNode e = error(tg.post(path(f), body, auth(f)), f, 400, "invalid_request_error");
        assertThat(e.get("message").asText()).contains("messages");
        if (f == Format.OPENAI) assertThat(e.get("param").asText()).isEqualTo("messages");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void missingKeyIs401(Format f) {
        Map<String, String> h = f == Format.ANTHROPIC ? Map.of("anthropic-version", "2023-06-01") : Map.of();
        JsonNode e = error(tg.post(path(f), chat("sim-owned", "hi", false), h), f, 401, "authentication_error");
        assertThat(e.get("message").asText()).contains("missing API key");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void unknownKeyIs401(Format f) {
        Map<String, String> h = new HashMap<>(auth(f));
        h.replaceAll((k, v) -> k.equals("authorization") ? "Bearer sk-cb-nope" : k.equals("x-api-key") ? "sk-cb-nope" : v);
        error(tg.post(path(f), chat("sim-owned", "hi", false), h), f, 401, "authentication_error");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void unknownModelIs404(Format f) {
        JsonNode e = error(tg.post(path(f), chat("no-such-model", "hi", false), auth(f)), f, 404, "not_found_error");
        assertThat(e.get("message").asText()).contains("no-such-model");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void bodyOverTheLimitIs413(Format f) {
        String big = chat("sim-owned", "x".repeat(70_000), false);
        JsonNode e = error(tg.post(path(f), big, auth(f)), f, 413, "request_too_large");
        assertThat(e.get("message").asText()).contains("65536");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void upstreamRateLimitIsPassedThroughAs429(Format f) {
        HttpResponse<String> r = tg.post(path(f), chat("sim-frontier", "please [sim:429]", false), auth(f));
        error(r, f, 429, "rate_limit_error");
        assertThat(r.headers().firstValue("retry-after")).contains("7");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void upstreamServerErrorIs502(Format f) {
        JsonNode e = error(tg.post(path(f), chat("sim-owned", "boom [sim:500]", false), auth(f)), f, 502, "api_error");
        assertThat(e.get("message").asText()).contains("provider 'sim'").contains("503");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void upstreamTimeoutIs504(Format f) {
        JsonNode e = error(tg.post(path(f), chat("sim-owned", "take your time [sim:slow]", false), auth(f)), f, 504, "timeout_error");
        assertThat(e.get("message").asText()).contains("1000 ms");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void streamingErrorBeforeFirstByteIsAPlainErrorResponse(Format f) {
        error(tg.post(path(f), chat("sim-frontier", "[sim:429]", true), auth(f)), f, 429, "rate_limit_error");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void streamCutAfterFirstByteEndsWithAnErrorEvent(Format f) {
        HttpResponse<String> r = tg.post(path(f), chat("sim-frontier", "tell me a story [sim:cut]", true), auth(f));
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body().strip();
        String lastEvent = body.substring(body.lastIndexOf("\n\n") + 2);
        if (f == Format.ANTHROPIC) {
            assertThat(lastEvent).startsWith("event: error\ndata: ");
            assertThat(lastEvent).contains("\"type\":\"error\"");
            assertThat(body).doesNotContain("event: message_stop");
        } else {
            assertThat(lastEvent).startsWith("data: {\"error\":");
            assertThat(body).doesNotContain("[DONE]");
        }
        assertThat(lastEvent).contains("ended before");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void modelWhoseProviderHasNoKeyIs503WithTheReason(Format f) {
        JsonNode e = error(tg.post(path(f), chat("gpt-5.5", "hi", false), auth(f)), f, 503, "overloaded_error");
        assertThat(e.get("message").asText()).contains("COMPUTE_BROKER_TEST_ABSENT_KEY");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void unknownEndpointIs404InTheCallersFormat(Format f) {
        HttpResponse<String> r = tg.post("/v1/nope", "{}", auth(f));
        error(r, f, 404, "not_found_error");
    }
}
