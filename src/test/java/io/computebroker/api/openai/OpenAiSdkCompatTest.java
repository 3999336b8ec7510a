package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.SseException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.Role;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Our wire output fed to the official openai-java SDK, with no server: the SDK's HttpClient seam is given
 * a canned response, so its real SSE parser, error handling and model classes read exactly our bytes. The
 * SDK's outgoing request is captured too, so the caller-side decoder is checked against what it sends.
 */
class OpenAiSdkCompatTest {

    /** Answers every call with one canned response and keeps the request body it was sent. */
    static final class CannedHttpClient implements HttpClient {
        final int status;
        final String contentType;
        final String body;
        String lastRequestBody;

        CannedHttpClient(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        @Override
        public HttpResponse execute(HttpRequest request, RequestOptions options) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            if (request.body() != null) request.body().writeTo(sent);
            lastRequestBody = sent.toString(StandardCharsets.UTF_8);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return new HttpResponse() {
                @Override public int statusCode() { return status; }
                @Override public Headers headers() { return Headers.builder().put("content-type", contentType).build(); }
                @Override public InputStream body() { return new ByteArrayInputStream(bytes); }
                @Override public void close() {}
            };
        }

        @Override
        public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
            return CompletableFuture.completedFuture(execute(request, options));
        }

        @Override
        public void close() {}
    }

    static OpenAIClient client(CannedHttpClient http) {
        return new OpenAIClientImpl(ClientOptions.builder().httpClient(http).apiKey("sk-test").maxRetries(0)
                .checkJacksonVersionCompatibility(false).build());
    }

    static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder().model("broker-auto").addUserMessage("Weather in Paris?");
    }

    static String encodeAll(OpenAiStreamEncoder enc, List<StreamEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (StreamEvent e : events) sb.append(enc.encode(e));
        return sb.toString();
    }

    @Test
    void sdkParsesAndAccumulatesOurStream() {
        List<StreamEvent> events = new ArrayList<>(OpenAiStreamEncoderTest.GOLDEN_EVENTS);
        events.add(1, new StreamEvent.ThinkingDelta("thinking..."));
        String sse = encodeAll(new OpenAiStreamEncoder("chatcmpl-42", "broker-auto", 1700000000L, true), events);
        var http = new CannedHttpClient(200, "text/event-stream", sse);

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client(http).chat().completions().createStreaming(params()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            for (ChatCompletionChunk c : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                c.validate(); // strict: every required field present with the right type
                acc.accumulate(c);
                chunks++;
            }
        }
        assertThat(chunks).isEqualTo(9); // role, thinking, 2 text, tool start, 2 args, finish, usage

        ChatCompletion done = acc.chatCompletion();
        done.validate();
        assertThat(done.id()).isEqualTo("chatcmpl-42");
        assertThat(done.model()).isEqualTo("broker-auto");
        assertThat(done.created()).isEqualTo(1700000000L);
        var choice = done.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).contains("Hello, world");
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isEqualTo("call_abc");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        var usage = done.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(12);
        assertThat(usage.completionTokens()).isEqualTo(9);
        assertThat(usage.totalTokens()).isEqualTo(21);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(4L);

        // The request the SDK sent is one our caller-side decoder accepts.
        ChatRequest sent = OpenAiCodec.decodeRequest(Json.parse(http.lastRequestBody));
        assertThat(sent.stream()).isTrue();
        assertThat(sent.includeUsage()).isTrue();
    }

    @Test
    void sdkThrowsOnOurMidStreamErrorEvent() {
        String sse = encodeAll(new OpenAiStreamEncoder("c", "m", 1, false), List.of(
                new StreamEvent.Start("u", "m", null), new StreamEvent.TextDelta("par"),
                new StreamEvent.Failure(new BrokerException(ErrorKind.UPSTREAM, "upstream stream ended before completion"))));
        var http = new CannedHttpClient(200, "text/event-stream", sse);
        List<String> seen = new ArrayList<>();
        SseException e = catchThrowableOfType(SseException.class, () -> {
            try (var stream = client(http).chat().completions().createStreaming(params().build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(seen::add)));
            }
        });
        assertThat(e).as("the SDK must raise, not end quietly").isNotNull();
        assertThat(seen).containsExactly("", "par");
        assertThat(e.getMessage()).contains("upstream stream ended before completion");
        assertThat(e.code()).contains("upstream_error");
        assertThat(e.type()).contains("api_error");
    }

    @Test
    void sdkParsesOurNonStreamingResponse() {
        ChatResponse resp = new ChatResponse("up", "up-model", List.of(new Content.Thinking("hmm", null, null),
                new Content.ToolUse("call_1", "get_weather", "{\"city\":\"Paris\"}", null)), StopReason.TOOL_USE,
                new Usage(30, 10, 0, 12, 4));
        String body = Json.write(OpenAiCodec.encodeResponse(resp, "chatcmpl-7", "broker-auto", 1700000001L));
        ChatCompletion c = client(new CannedHttpClient(200, "application/json", body)).chat().completions().create(params().build());
        c.validate();
        assertThat(c.id()).isEqualTo("chatcmpl-7");
        var msg = c.choices().get(0).message();
        assertThat(msg.content()).isEmpty();
        assertThat(msg.refusal()).isEmpty();
        assertThat(msg._additionalProperties().get("reasoning_content")).isEqualTo(JsonValue.from("hmm"));
        assertThat(msg.toolCalls().orElseThrow().get(0).asFunction().function().name()).isEqualTo("get_weather");
        assertThat(c.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens()).contains(4L);
    }

    @Test
    void sdkMapsOurErrorBody() {
        String body = Json.write(OpenAiCodec.encodeError(BrokerException.invalid("temperature", "temperature must be between 0 and 2")));
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () ->
                client(new CannedHttpClient(400, "application/json", body)).chat().completions().create(params().build()));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("temperature must be between 0 and 2");
        assertThat(e.param()).contains("temperature");
        assertThat(e.code()).contains("invalid_request_error");
    }

    @Test
    void everythingTheSdkSendsForAToolConversationDecodes() {
        // First turn: the SDK accumulates our stream, then the caller continues the conversation with it.
        String sse = encodeAll(new OpenAiStreamEncoder("c1", "broker-auto", 1, false), OpenAiStreamEncoderTest.GOLDEN_EVENTS);
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (var stream = client(new CannedHttpClient(200, "text/event-stream", sse)).chat().completions()
                .createStreaming(params().build())) {
            stream.stream().forEach(acc::accumulate);
        }
        var assistant = acc.chatCompletion().choices().get(0).message();

        var http = new CannedHttpClient(200, "application/json", Json.write(OpenAiCodec.encodeResponse(
                new ChatResponse("x", "m", List.of(Content.Text.of("18C and sunny")), StopReason.END_TURN, Usage.of(1, 1)),
                "c2", "broker-auto", 2)));
        ChatCompletionCreateParams next = params()
                .addSystemMessage("be brief")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather").description("weather by city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .parallelToolCalls(false)
                .addMessage(assistant)
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_abc").content("18C").build())
                .temperature(0.3)
                .maxCompletionTokens(256)
                .seed(11)
                .build();
        ChatCompletion answer = client(http).chat().completions().create(next);
        assertThat(answer.choices().get(0).message().content()).contains("18C and sunny");

        JsonNode sentBody = Json.parse(http.lastRequestBody);
        ChatRequest r = OpenAiCodec.decodeRequest(sentBody);
        assertThat(r.model()).isEqualTo("broker-auto");
        assertThat(r.system()).containsExactly(Content.Text.of("be brief"));
        assertThat(r.messages()).hasSize(3);
        assertThat(r.messages().get(0).content()).containsExactly(Content.Text.of("Weather in Paris?"));
        assertThat(r.messages().get(1).role()).isEqualTo(Role.ASSISTANT);
        assertThat(r.messages().get(1).content()).contains(new Content.ToolUse("call_abc", "get_weather", "{\"city\":\"Paris\"}", null));
        assertThat(r.messages().get(2).content()).containsExactly(
                new Content.ToolResult("call_abc", List.of(Content.Text.of("18C")), false, null));
        assertThat(r.tools()).hasSize(1);
        assertThat(r.tools().get(0).inputSchema().at("/properties/city/type").textValue()).isEqualTo("string");
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.AUTO, null, false));
        assertThat(r.temperature()).isEqualTo(0.3);
        assertThat(r.maxTokens()).isEqualTo(256);
        assertThat(r.passthrough()).containsOnlyKeys("seed");

        // And what we would forward upstream is again something the SDK's own request shape agrees with.
        var upstream = OpenAiCodec.encodeRequest(r, "gpt-4o");
        assertThat(upstream.get("seed").intValue()).isEqualTo(11);
        assertThat(upstream.at("/messages/2/tool_calls/0/id").textValue()).isEqualTo("call_abc");
        assertThat(upstream.at("/messages/3/role").textValue()).isEqualTo("tool");
    }
}
