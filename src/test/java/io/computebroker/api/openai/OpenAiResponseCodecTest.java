package io.computebroker.api.openai;

import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiResponseCodecTest {

    static String q(String s) { return s.replace('\'', '"'); }

    @Test
    void decodesARealOpenAiCompletion() {
        ChatResponse r = OpenAiCodec.decodeResponse(Json.parse("""
                {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
                 "model":"gpt-4.1-2025-04-14","choices":[{"index":0,"message":{"role":"assistant",
                 "content":"Hello! How can I assist you today?","refusal":null,"annotations":[]},"logprobs":null,
                 "finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
                 "prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},"completion_tokens_details":
                 {"reasoning_tokens":2,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                 "service_tier":"default"}"""));
        assertThat(r.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        assertThat(r.model()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(r.content()).containsExactly(Content.Text.of("Hello! How can I assist you today?"));
        assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(r.usage()).isEqualTo(new Usage(19, 3, 0, 10, 2));
    }

    @Test
    void decodesToolCallsReasoningAndLength() {
        ChatResponse r = OpenAiCodec.decodeResponse(Json.parse(q("""
                {'id':'x','model':'qwen3','choices':[{'index':0,'message':{'role':'assistant','content':null,
                 'reasoning_content':'think','tool_calls':[{'id':'call_9','type':'function',
                 'function':{'name':'f','arguments':'{}'}},{'type':'function','function':{'name':'g','arguments':{'a':1}}}]},
                 'finish_reason':'tool_calls'}],'usage':{'prompt_tokens':5,'completion_tokens':null}}""")));
        assertThat(r.content()).containsExactly(new Content.Thinking("think", null, null),
                new Content.ToolUse("call_9", "f", "{}", null), new Content.ToolUse("call_1", "g", "{\"a\":1}", null));
        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(r.usage()).isEqualTo(Usage.of(5, 0));

        ChatResponse ollama = OpenAiCodec.decodeResponse(Json.parse(q("""
                {'id':'y','model':'llama','choices':[{'index':0,'message':{'role':'assistant','content':'partial',
                 'reasoning':'r'},'finish_reason':'length'}]}""")));
        assertThat(ollama.content()).containsExactly(new Content.Thinking("r", null, null), Content.Text.of("partial"));
        assertThat(ollama.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(ollama.usage()).isEqualTo(Usage.ZERO);
    }

    @Test
    void toolCallsWithStopFinishAreToolUseAndRefusalIsText() {
        ChatResponse r = OpenAiCodec.decodeResponse(Json.parse(q("""
                {'choices':[{'message':{'role':'assistant','content':'','tool_calls':[{'id':'a','function':{'name':'f','arguments':'{}'}}]},
                 'finish_reason':'stop'}]}""")));
        assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
        ChatResponse refusal = OpenAiCodec.decodeResponse(Json.parse(q(
                "{'choices':[{'message':{'role':'assistant','content':null,'refusal':'I cannot'},'finish_reason':'stop'}]}")));
        assertThat(refusal.text()).isEqualTo("I cannot");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            []                                                          | upstream response is not a JSON object
            {}                                                          | upstream response has no choices
            {'choices':[]}                                              | upstream response has no choices
            {'choices':[{'index':0}]}                                   | upstream response has no choices[0].message
            {'choices':[{'message':{'content':5}}]}                     | upstream response has an unreadable choices[0].message.content
            {'choices':[{'message':{'tool_calls':[{'id':'a'}]}}]}      | upstream tool call 0 has no function name
            {'error':{'message':'model overloaded'}}                    | upstream returned an error: model overloaded
            """)
    void unreadableShapesAreUpstreamErrors(String body, String message) {
        BrokerException e = catchThrowableOfType(BrokerException.class, () -> OpenAiCodec.decodeResponse(Json.parse(q(body))));
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void encodesTheExactCallerShape() {
        ChatResponse resp = new ChatResponse("up", "up-model", List.of(
                new Content.Thinking("because", null, null), Content.Text.of("Hi"),
                new Content.ToolUse("call_1", "f", "{\"x\":1}", null)), StopReason.TOOL_USE, new Usage(100, 40, 0, 20, 5));
        assertThat(Json.write(OpenAiCodec.encodeResponse(resp, "chatcmpl-1", "cheap", 1700000000L))).isEqualTo(q("""
                {'id':'chatcmpl-1','object':'chat.completion','created':1700000000,'model':'cheap','choices':[{'index':0,\
                'message':{'role':'assistant','content':'Hi','reasoning_content':'because','tool_calls':[{'id':'call_1',\
                'type':'function','function':{'name':'f','arguments':'{\\'x\\':1}'}}],'refusal':null},'logprobs':null,\
                'finish_reason':'tool_calls'}],'usage':{'prompt_tokens':100,'completion_tokens':20,'total_tokens':120,\
                'prompt_tokens_details':{'cached_tokens':40},'completion_tokens_details':{'reasoning_tokens':5}}}"""));
    }

    @Test
    void contentIsNullOnlyWhenThereAreToolCallsAndNoText() {
        ChatResponse calls = new ChatResponse("a", "m", List.of(new Content.ToolUse("c", "f", null, null)), StopReason.TOOL_USE, null);
        var body = OpenAiCodec.encodeResponse(calls, "id", "m", 1);
        assertThat(body.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(body.at("/choices/0/message/tool_calls/0/function/arguments").textValue()).isEqualTo("{}");
        ChatResponse empty = new ChatResponse("a", "m", List.of(), StopReason.MAX_TOKENS, null);
        var e = OpenAiCodec.encodeResponse(empty, "id", "m", 1);
        assertThat(e.at("/choices/0/message/content").textValue()).isEmpty();
        assertThat(e.at("/choices/0/finish_reason").textValue()).isEqualTo("length");
        assertThat(e.at("/usage/total_tokens").intValue()).isZero();
    }

    @Test
    void responseRoundTrip() {
        ChatResponse resp = new ChatResponse("id", "m", List.of(new Content.Thinking("t", null, null), Content.Text.of("x"),
                new Content.ToolUse("c", "f", "{}", null)), StopReason.TOOL_USE, new Usage(10, 2, 0, 7, 3));
        ChatResponse back = OpenAiCodec.decodeResponse(OpenAiCodec.encodeResponse(resp, "id", "m", 1));
        assertThat(back).isEqualTo(resp);
    }

    @Test
    void encodesErrors() {
        assertThat(Json.write(OpenAiCodec.encodeError(BrokerException.invalid("messages[0].role", "bad role")))).isEqualTo(q(
                "{'error':{'message':'bad role','type':'invalid_request_error','param':'messages[0].role','code':'invalid_request_error'}}"));
        assertThat(Json.write(OpenAiCodec.encodeError(new BrokerException(ErrorKind.RATE_LIMITED, "slow down")))).isEqualTo(q(
                "{'error':{'message':'slow down','type':'rate_limit_error','param':null,'code':'rate_limit_exceeded'}}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "NULL", textBlock = """
            {'error':{'message':'Incorrect API key','type':'invalid_request_error'}} | Incorrect API key
            {'error':'model not found'}                                               | model not found
            {'message':'rate limited'}                                                | rate limited
            {'detail':'Not Found'}                                                    | Not Found
            {'detail':[{'loc':['body','model'],'msg':'field required'},{'msg':'x'}]}  | field required; x
            {'object':'error','message':'vllm says no','code':400}                    | vllm says no
            {'error':{'code':500}}                                                    | NULL
            {'foo':1}                                                                 | NULL
            []                                                                        | NULL
            """)
    void readsUpstreamErrorMessages(String body, String expected) {
        assertThat(OpenAiCodec.errorMessage(Json.parse(q(body)))).isEqualTo(expected);
    }

    @Test
    void errorMessageOfNothing() {
        assertThat(OpenAiCodec.errorMessage(null)).isNull();
    }
}
