package io.computebroker.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official openai-java SDK against the real gateway: an OpenAI-format upstream (sim-owned) and an
 * Anthropic-format upstream (sim-frontier), so the second case proves Anthropic → OpenAI translation.
 */
class OpenAiSdkTest {
    static TestGateway tg;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        tg = TestGateway.start();
        client = OpenAIOkHttpClient.builder().baseUrl(tg.baseUrl + "/v1").apiKey(tg.key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        tg.close();
    }

    static ChatCompletionCreateParams.Builder ask(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).maxCompletionTokens(300);
    }

    static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather").description("Current weather for a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
    }

    @Test
    void nonStreamingFromBothUpstreamFormats() {
        for (String model : List.of("sim-owned", "sim-frontier")) {
            ChatCompletion c = client.chat().completions().create(ask(model, "Classify: I was charged twice").build());
            assertThat(c.model()).isEqualTo(model);
            assertThat(c.choices()).hasSize(1);
            assertThat(c.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("[simulated " + model + "]"));
            assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
            assertThat(c.usage()).hasValueSatisfying(u -> {
                assertThat(u.promptTokens()).isPositive();
                assertThat(u.completionTokens()).isPositive();
                assertThat(u.totalTokens()).isEqualTo(u.promptTokens() + u.completionTokens());
            });
        }
    }

    @Test
    void streamingWithUsageFromBothUpstreamFormats() {
        for (String model : List.of("sim-owned", "sim-frontier")) {
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            List<ChatCompletionChunk> chunks = new ArrayList<>();
            ChatCompletionCreateParams params = ask(model, "Summarise the plan in a few words")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
                s.stream().forEach(ch -> { chunks.add(ch); acc.accumulate(ch); });
            }
            assertThat(chunks.size()).as("streamed in several chunks").isGreaterThan(3);
            ChatCompletion c = acc.chatCompletion();
            assertThat(c.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("[simulated " + model + "]"));
            assertThat(c.usage()).as("include_usage chunk").hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
            // Non-streaming and streaming give the same answer for the same prompt.
            ChatCompletion whole = client.chat().completions().create(ask(model, "Summarise the plan in a few words").build());
            assertThat(c.choices().get(0).message().content()).isEqualTo(whole.choices().get(0).message().content());
        }
    }

    @Test
    void toolCallsNonStreamingAndStreamingFromBothUpstreamFormats() {
        for (String model : List.of("sim-owned", "sim-frontier")) {
            ChatCompletionCreateParams params = ask(model, "What is the weather in Utrecht?").addFunctionTool(weatherTool()).build();
            ChatCompletion c = client.chat().completions().create(params);
            assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(call.function().name()).isEqualTo("get_weather");
            assertThat(call.function().arguments()).contains("\"city\"");

            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            ChatCompletion streamed = acc.chatCompletion();
            assertThat(streamed.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            ChatCompletionMessageFunctionToolCall sc = streamed.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(sc.function().name()).isEqualTo("get_weather");
            assertThat(sc.function().arguments()).isEqualTo(call.function().arguments());
            assertThat(sc.id()).isEqualTo(call.id());
        }
    }

    @Test
    void toolResultRoundTripAcrossFormats() {
        ChatCompletionCreateParams first = ask("sim-frontier", "Weather in Delft?").addFunctionTool(weatherTool()).build();
        ChatCompletion c = client.chat().completions().create(first);
        ChatCompletionMessageToolCall call = c.choices().get(0).message().toolCalls().orElseThrow().get(0);
        ChatCompletionCreateParams second = ask("sim-frontier", "Weather in Delft?").addFunctionTool(weatherTool())
                .addMessage(ChatCompletionAssistantMessageParam.builder().toolCalls(List.of(call)).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.asFunction().id()).content("14 C and raining").build())
                .build();
        ChatCompletion answer = client.chat().completions().create(second);
        assertThat(answer.choices().get(0).message().content()).hasValueSatisfying(t -> assertThat(t).contains("14 C and raining"));
    }

    @Test
    void modelsListShowsUnavailableProvidersWithReason() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id).contains("sim-owned", "sim-frontier", "gpt-5.5", "all-minilm-l6-v2");
        Model gpt = models.stream().filter(m -> m.id().equals("gpt-5.5")).findFirst().orElseThrow();
        assertThat(gpt._additionalProperties().get("available").toString()).isEqualTo("false");
        assertThat(gpt._additionalProperties().get("unavailable_reason").toString()).contains("COMPUTE_BROKER_TEST_ABSENT_KEY");
    }

    @Test
    void embeddingsAreRealSentenceVectors() {
        CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder().model("all-minilm-l6-v2")
                .inputOfArrayOfStrings(List.of("How do I reset my password?", "I forgot my password, how can I change it?",
                        "The capital of France is Paris"))
                .build());
        assertThat(r.data()).hasSize(3);
        List<Float> a = r.data().get(0).embedding(), b = r.data().get(1).embedding(), c = r.data().get(2).embedding();
        assertThat(a).hasSize(384);
        assertThat(cos(a, b)).isGreaterThan(cos(a, c) + 0.2);
        assertThat(r.usage().promptTokens()).isPositive();
    }

    static double cos(List<Float> x, List<Float> y) {
        double dot = 0, nx = 0, ny = 0;
        for (int i = 0; i < x.size(); i++) {
            dot += x.get(i) * y.get(i);
            nx += x.get(i) * x.get(i);
            ny += y.get(i) * y.get(i);
        }
        return dot / Math.sqrt(nx * ny);
    }
}
