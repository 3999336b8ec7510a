package io.computebroker.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.core.Tool;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.WireFormat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiRequestEncodeTest {

    static String q(String s) { return s.replace('\'', '"'); }

    static ChatRequest req(List<Content> system, List<Message> messages) {
        return new ChatRequest("caller-model", system, messages, null, null, null, null, null, null, false, false,
                null, null, null, WireFormat.ANTHROPIC, null);
    }

    @Test
    void minimalBodyOmitsEverythingUnset() {
        ObjectNode body = OpenAiCodec.encodeRequest(req(null, List.of(Message.user("hi"))), "llama3");
        assertThat(Json.write(body)).isEqualTo(q("{'model':'llama3','messages':[{'role':'user','content':'hi'}]}"));
    }

    @Test
    void fullCallerRequestRoundTripsByteForByte() {
        String in = """
                {"model":"gpt-4o","messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAA=","detail":"high"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"done"},
                  {"role":"user","content":"next"}],
                 "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object","properties":{"a":{"type":"integer"}}}}}],
                 "tool_choice":"required","parallel_tool_calls":false,"max_tokens":64,"temperature":0.2,"top_p":0.9,
                 "stop":["X"],"response_format":{"type":"json_schema","json_schema":{"name":"out","schema":{"type":"object"},"strict":true}},
                 "user":"u1","stream":true,"stream_options":{"include_usage":true},"seed":7}""";
        ChatRequest r = OpenAiCodec.decodeRequest(Json.parse(in));
        String out = Json.write(OpenAiCodec.encodeRequest(r, "gpt-4o"));
        assertThat(out).isEqualTo(Json.write(Json.parse(in)));
    }

    @Test
    void streamingAlwaysAsksForUsageAndMetadataIsNotForwarded() {
        ChatRequest r = OpenAiCodec.decodeRequest(Json.parse(q(
                "{'model':'m','messages':[{'role':'user','content':'x'}],'stream':true,'metadata':{'k':'v'},'user':'u'}")));
        ObjectNode body = OpenAiCodec.encodeRequest(r, "up");
        assertThat(body.has("metadata")).isFalse();
        assertThat(body.get("user").textValue()).isEqualTo("u");
        assertThat(body.get("stream").booleanValue()).isTrue();
        assertThat(body.get("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
    }

    @Test
    void passthroughIsCopiedOnlyForOpenAiSourceAndNeverOverridesCanonicalFields() {
        ChatRequest r = OpenAiCodec.decodeRequest(Json.parse(q(
                "{'model':'m','messages':[{'role':'user','content':'x'}],'seed':1,'logit_bias':{'1':2},'reasoning_effort':'low'}")));
        assertThat(Json.write(OpenAiCodec.encodeRequest(r, "up"))).isEqualTo(q(
                "{'model':'up','messages':[{'role':'user','content':'x'}],'logit_bias':{'1':2},'reasoning_effort':'low','seed':1}"));

        ChatRequest foreign = new ChatRequest("m", null, List.of(Message.user("x")), null, null, null, null, null, null,
                false, false, null, null, null, WireFormat.ANTHROPIC, Map.of("top_k", Json.parse("5")));
        assertThat(OpenAiCodec.encodeRequest(foreign, "up").has("top_k")).isFalse();

        ChatRequest clash = new ChatRequest("m", null, List.of(Message.user("x")), null, null, null, null, null, null,
                false, false, null, null, null, WireFormat.OPENAI, Map.of("model", Json.parse("\"evil\"")));
        assertThat(OpenAiCodec.encodeRequest(clash, "up").get("model").textValue()).isEqualTo("up");
    }

    @Test
    void systemBlocksWithCacheControlBecomeParts() {
        var cc = Json.parse("{\"type\":\"ephemeral\"}");
        ObjectNode body = OpenAiCodec.encodeRequest(req(List.of(Content.Text.of("a"), new Content.Text("b", cc)),
                List.of(Message.user("x"))), "m");
        assertThat(body.get("messages").get(0).toString()).isEqualTo(q(
                "{'role':'system','content':[{'type':'text','text':'a'},{'type':'text','text':'b','cache_control':{'type':'ephemeral'}}]}"));
        ObjectNode two = OpenAiCodec.encodeRequest(req(List.of(Content.Text.of("a"), Content.Text.of("b")),
                List.of(Message.user("x"))), "m");
        assertThat(two.get("messages").get(0).get("content").isArray()).isTrue();
    }

    @Test
    void toolResultsSplitIntoToolMessagesThenAUserMessage() {
        Message results = new Message(Role.USER, List.of(
                new Content.ToolResult("c1", List.of(Content.Text.of("one")), false, null),
                Content.Text.of("and also"),
                new Content.ToolResult("c2", List.of(Content.Text.of("two"),
                        new Content.Image("image/png", "QUJD", null, null, null)), true, null)));
        Message assistant = new Message(Role.ASSISTANT, List.of(
                new Content.Thinking("hmm", "sig", null),
                new Content.ToolUse("c1", "f", "{}", null),
                new Content.ToolUse("c2", "g", "", null)));
        ObjectNode body = OpenAiCodec.encodeRequest(req(null, List.of(Message.user("go"), assistant, results)), "m");
        assertThat(Json.write(body.get("messages"))).isEqualTo(q("""
                [{'role':'user','content':'go'},\
                {'role':'assistant','content':null,'tool_calls':[\
                {'id':'c1','type':'function','function':{'name':'f','arguments':'{}'}},\
                {'id':'c2','type':'function','function':{'name':'g','arguments':'{}'}}]},\
                {'role':'tool','tool_call_id':'c1','content':'one'},\
                {'role':'tool','tool_call_id':'c2','content':'[tool error] two'},\
                {'role':'user','content':[{'type':'text','text':'and also'},\
                {'type':'image_url','image_url':{'url':'data:image/png;base64,QUJD'}}]}]"""));
    }

    @Test
    void assistantWithOnlyThinkingGetsEmptyContentAndTextIsJoined() {
        Message a = new Message(Role.ASSISTANT, List.of(new Content.Thinking("t", null, null)));
        Message b = new Message(Role.ASSISTANT, List.of(Content.Text.of("x"), Content.Text.of("y")));
        ObjectNode body = OpenAiCodec.encodeRequest(req(null, List.of(Message.user("q"), a, Message.user("q"), b)), "m");
        assertThat(body.get("messages").get(1).toString()).isEqualTo(q("{'role':'assistant','content':''}"));
        assertThat(body.get("messages").get(3).toString()).isEqualTo(q("{'role':'assistant','content':'xy'}"));
    }

    @Test
    void toolChoiceModesAndDefaultSchema() {
        Tool t = new Tool("f", null, null, null);
        for (var c : List.of(new ToolChoice(ToolChoice.Mode.AUTO, null, true), new ToolChoice(ToolChoice.Mode.NONE, null, true),
                new ToolChoice(ToolChoice.Mode.TOOL, "f", false))) {
            ChatRequest r = new ChatRequest("m", null, List.of(Message.user("x")), List.of(t), c, null, null, null, null,
                    false, false, null, null, null, WireFormat.ANTHROPIC, null);
            ObjectNode body = OpenAiCodec.encodeRequest(r, "m");
            assertThat(body.get("tools").toString()).isEqualTo(q(
                    "[{'type':'function','function':{'name':'f','parameters':{'type':'object','properties':{}}}}]"));
            switch (c.mode()) {
                case AUTO -> assertThat(body.get("tool_choice").textValue()).isEqualTo("auto");
                case NONE -> assertThat(body.get("tool_choice").textValue()).isEqualTo("none");
                default -> {
                    assertThat(body.get("tool_choice").toString()).isEqualTo(q("{'type':'function','function':{'name':'f'}}"));
                    assertThat(body.get("parallel_tool_calls").booleanValue()).isFalse();
                }
            }
        }
        // Without tools OpenAI rejects tool_choice, so it is not sent.
        ChatRequest none = new ChatRequest("m", null, List.of(Message.user("x")), null, ToolChoice.AUTO, null, null,
                null, null, false, false, null, null, null, WireFormat.ANTHROPIC, null);
        assertThat(OpenAiCodec.encodeRequest(none, "m").has("tool_choice")).isFalse();
    }

    @Test
    void maxTokensFieldNameFollowsTheModelFamily() {
        ChatRequest r = req(null, List.of(Message.user("x"))).withMaxTokens(10);
        assertThat(OpenAiCodec.encodeRequest(r, "llama3.1:8b").get("max_tokens").intValue()).isEqualTo(10);
        assertThat(OpenAiCodec.encodeRequest(r, "o3-mini").get("max_completion_tokens").intValue()).isEqualTo(10);
        assertThat(OpenAiCodec.encodeRequest(r, "gpt-5-mini").has("max_tokens")).isFalse();
    }

    @Test
    void responseFormatsAndUrlImages() {
        ChatRequest r = new ChatRequest("m", null, List.of(new Message(Role.USER, List.of(
                new Content.Image(null, null, "https://x/y.png", "low", null)))), null, null, null, null, null, null,
                false, false, new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, null, null, false), null, null,
                WireFormat.ANTHROPIC, null);
        ObjectNode body = OpenAiCodec.encodeRequest(r, "m");
        assertThat(body.get("messages").get(0).toString()).isEqualTo(q(
                "{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://x/y.png','detail':'low'}}]}"));
        assertThat(body.get("response_format").toString()).isEqualTo(q("{'type':'json_schema','json_schema':{'name':'response'}}"));
    }

    @Test
    void decodeEncodeDecodeIsStable() {
        String in = q("""
                {'model':'m','messages':[{'role':'developer','content':'d'},{'role':'user','content':'u'},
                 {'role':'assistant','content':'a','tool_calls':[{'id':'1','type':'function','function':{'name':'f','arguments':'{}'}}]},
                 {'role':'tool','tool_call_id':'1','content':'r'},{'role':'tool','tool_call_id':'2','content':'s'}],
                 'max_completion_tokens':5,'stop':'x','tool_choice':'none','tools':[{'type':'function','function':{'name':'f'}}]}""");
        ChatRequest first = OpenAiCodec.decodeRequest(Json.parse(in));
        ChatRequest second = OpenAiCodec.decodeRequest(OpenAiCodec.encodeRequest(first, "m"));
        assertThat(second).isEqualTo(first);
    }
}
