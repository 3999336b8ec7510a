package io.computebroker.api.openai;

import io.computebroker.api.SseEvent;
import io.computebroker.api.SseReader;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiStreamDecoderTest {

    /** Runs a whole SSE transcript through SseReader and the decoder, as the broker does, including end(). */
    static List<StreamEvent> decodeAll(String sse) {
        OpenAiStreamDecoder dec = new OpenAiStreamDecoder();
        List<StreamEvent> out = new ArrayList<>();
        try (SseReader r = new SseReader(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)))) {
            SseEvent e;
            while ((e = r.next()) != null) out.addAll(dec.decode(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        out.addAll(dec.end());
        assertThat(dec.finished()).isTrue();
        return out;
    }

    static final String OPENAI_TEXT = """
            data: {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1753000000,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_34a54ae93c","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"Zx"}

            data: {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1753000000,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_34a54ae93c","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"q"}

            data: {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1753000000,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_34a54ae93c","choices":[{"index":0,"delta":{"content":" there!"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"k1"}

            data: {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1753000000,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_34a54ae93c","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":"a"}

            data: {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1753000000,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_34a54ae93c","choices":[],"usage":{"prompt_tokens":21,"completion_tokens":3,"total_tokens":24,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"obfuscation":"b"}

            data: [DONE]

            """;

    static final String OPENAI_TOOLS = """
            data: {"id":"chatcmpl-C2","object":"chat.completion.chunk","created":1753000001,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_07871e2ad8","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-C2","object":"chat.completion.chunk","created":1753000001,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_07871e2ad8","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"location\\":"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-C2","object":"chat.completion.chunk","created":1753000001,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_07871e2ad8","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" \\"Paris\\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-C2","object":"chat.completion.chunk","created":1753000001,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_07871e2ad8","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_Xs8CA2uVhV7ILqXy9Zx2rWpt","type":"function","function":{"name":"get_time","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-C2","object":"chat.completion.chunk","created":1753000001,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_07871e2ad8","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-C2","object":"chat.completion.chunk","created":1753000001,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_07871e2ad8","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}

            data: {"id":"chatcmpl-C2","object":"chat.completion.chunk","created":1753000001,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_07871e2ad8","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":30,"total_tokens":110,"prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":0}}}

            data: [DONE]

            """;

    @Test
    void openAiTextStream() {
        assertThat(decodeAll(OPENAI_TEXT)).containsExactly(
                new StreamEvent.Start("chatcmpl-C1", "gpt-4o-mini-2024-07-18", null),
                new StreamEvent.TextDelta("Hello"),
                new StreamEvent.TextDelta(" there!"),
                new StreamEvent.Finish(StopReason.END_TURN, new Usage(21, 0, 0, 3, 0)));
    }

    @Test
    void openAiToolCallStream() {
        assertThat(decodeAll(OPENAI_TOOLS)).containsExactly(
                new StreamEvent.Start("chatcmpl-C2", "gpt-4o-2024-08-06", null),
                new StreamEvent.ToolCallStart(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"),
                new StreamEvent.ToolCallDelta(0, "{\"location\":"),
                new StreamEvent.ToolCallDelta(0, " \"Paris\"}"),
                new StreamEvent.ToolCallStart(1, "call_Xs8CA2uVhV7ILqXy9Zx2rWpt", "get_time"),
                new StreamEvent.ToolCallDelta(1, "{}"),
                new StreamEvent.Finish(StopReason.TOOL_USE, new Usage(80, 64, 0, 30, 0)));
    }

    @Test
    void streamCutBeforeAnyFinishIsAFailure() {
        String cut = OPENAI_TEXT.substring(0, OPENAI_TEXT.indexOf("data: {", OPENAI_TEXT.indexOf(" there!")));
        List<StreamEvent> events = decodeAll(cut);
        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).containsExactly(
                new StreamEvent.Start("chatcmpl-C1", "gpt-4o-mini-2024-07-18", null),
                new StreamEvent.TextDelta("Hello"), new StreamEvent.TextDelta(" there!"));
        var failure = (StreamEvent.Failure) events.get(3);
        assertThat(failure.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(failure.error().getMessage()).isEqualTo("upstream stream ended before completion");
    }

    @Test
    void streamCutAfterFinishReasonFinishesWithWhatWasSeen() {
        String cut = OPENAI_TOOLS.substring(0, OPENAI_TOOLS.indexOf("data: [DONE]"));
        List<StreamEvent> events = decodeAll(cut);
        assertThat(events.get(events.size() - 1)).isEqualTo(new StreamEvent.Finish(StopReason.TOOL_USE, new Usage(80, 64, 0, 30, 0)));
        String noUsage = OPENAI_TEXT.substring(0, OPENAI_TEXT.indexOf("data: {", OPENAI_TEXT.indexOf("\"stop\"")));
        List<StreamEvent> e2 = decodeAll(noUsage);
        assertThat(e2.get(e2.size() - 1)).isEqualTo(new StreamEvent.Finish(StopReason.END_TURN, null));
    }

    @Test
    void emptyBodyIsAFailure() {
        List<StreamEvent> events = decodeAll("");
        assertThat(events).hasSize(1).first().isInstanceOf(StreamEvent.Failure.class);
    }

    @Test
    void errorChunkMidStreamIsAFailureAndLaterChunksAreIgnored() {
        String sse = """
                data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}

                data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}

                data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"late"},"finish_reason":"stop"}]}

                data: [DONE]

                """;
        List<StreamEvent> events = decodeAll(sse);
        assertThat(events).hasSize(3);
        var f = (StreamEvent.Failure) events.get(2);
        assertThat(f.error().kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(f.error().getMessage()).isEqualTo("The server had an error while processing your request.");
    }

    @Test
    void vllmStyleErrorObjectAndOpenRouterFinishError() {
        List<StreamEvent> vllm = decodeAll("data: {\"object\":\"error\",\"message\":\"max_tokens too large\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}\n\n");
        assertThat(vllm).hasSize(1);
        assertThat(((StreamEvent.Failure) vllm.get(0)).error().getMessage()).isEqualTo("max_tokens too large");

        List<StreamEvent> or = decodeAll("""
                : OPENROUTER PROCESSING

                data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"x","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"error"}]}

                """);
        assertThat(or.get(or.size() - 1)).isInstanceOf(StreamEvent.Failure.class);
    }

    @Test
    void ollamaQuirksWholeToolCallsReusedIndexReasoningNoDone() {
        String sse = """
                data: {"id":"chatcmpl-552","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Let me"},"finish_reason":null}]}

                data: {"id":"chatcmpl-552","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_a","index":0,"type":"function","function":{"name":"f","arguments":"{\\"x\\":1}"}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-552","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"id":"call_b","index":0,"type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":null}]}

                data: {"id":"chatcmpl-552","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}

                data: {"id":"chatcmpl-552","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}

                """;
        assertThat(decodeAll(sse)).containsExactly(
                new StreamEvent.Start("chatcmpl-552", "qwen3", null),
                new StreamEvent.ThinkingDelta("Let me"),
                new StreamEvent.ToolCallStart(0, "call_a", "f"),
                new StreamEvent.ToolCallDelta(0, "{\"x\":1}"),
                new StreamEvent.ToolCallStart(1, "call_b", "g"),
                new StreamEvent.ToolCallDelta(1, "{}"),
                new StreamEvent.Finish(StopReason.TOOL_USE, Usage.of(10, 5)));
    }

    @Test
    void vllmQuirksMissingIdsReasoningContentAndContinuousUsage() {
        String sse = """
                data: {"object":"chat.completion.chunk","created":1,"model":"deepseek-r1","choices":[{"index":0,"delta":{"role":"assistant"},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":7,"total_tokens":7,"completion_tokens":0}}

                data: {"object":"chat.completion.chunk","created":1,"model":"deepseek-r1","choices":[{"index":0,"delta":{"reasoning_content":"hmm","reasoning":"hmm"},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":7,"total_tokens":8,"completion_tokens":1}}

                data: {"object":"chat.completion.chunk","created":1,"model":"deepseek-r1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f"}}]},"logprobs":null,"finish_reason":null}]}

                data: {"object":"chat.completion.chunk","created":1,"model":"deepseek-r1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":7,"total_tokens":10,"completion_tokens":3}}

                data: [DONE]

                """;
        assertThat(decodeAll(sse)).containsExactly(
                new StreamEvent.Start(null, "deepseek-r1", null),
                new StreamEvent.ThinkingDelta("hmm"),
                new StreamEvent.ToolCallStart(0, "call_0", "f"),
                new StreamEvent.ToolCallDelta(0, "{}"),
                new StreamEvent.Finish(StopReason.TOOL_USE, Usage.of(7, 3)));
    }

    @Test
    void streamedRefusalIsText() {
        String sse = """
                data: {"id":"r","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"logprobs":null,"finish_reason":null}]}

                data: {"id":"r","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"refusal":"I can't help with that."},"logprobs":null,"finish_reason":null}]}

                data: {"id":"r","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

                data: [DONE]

                """;
        assertThat(decodeAll(sse)).containsExactly(new StreamEvent.Start("r", "gpt-4o", null),
                new StreamEvent.TextDelta("I can't help with that."), new StreamEvent.Finish(StopReason.END_TURN, null));
    }

    @Test
    void unreadableChunkIsAFailureAndDoneAloneStillStarts() {
        List<StreamEvent> bad = decodeAll("data: {not json\n\n");
        assertThat(bad).hasSize(1);
        assertThat(((StreamEvent.Failure) bad.get(0)).error().getMessage()).isEqualTo("upstream sent an unreadable stream chunk");
        assertThat(decodeAll("data: [DONE]\n\n")).containsExactly(new StreamEvent.Start(null, null, null),
                new StreamEvent.Finish(StopReason.END_TURN, null));
    }
}
