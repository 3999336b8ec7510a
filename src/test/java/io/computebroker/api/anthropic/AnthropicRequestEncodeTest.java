package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
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

import static io.computebroker.api.anthropic.AnthropicRequestDecodeTest.json;
import static org.assertj.core.api.Assertions.assertThat;

class AnthropicRequestEncodeTest {

    private static ChatRequest req(List<Content> system, List<Message> messages, List<Tool> tools, ToolChoice tc,
                                   Integer maxTokens, Double temperature, ResponseFormat rf, String user,
                                   WireFormat source, Map<String, JsonNode> passthrough) {
        return new ChatRequest("caller-model", system, messages, tools, tc, maxTokens, temperature, null, null,
                false, false, rf, null, user, source, passthrough);
    }

    private static ChatRequest simple(List<Message> messages) {
        return req(null, messages, null, null, null, null, null, null, WireFormat.OPENAI, null);
    }

    @Test
    void anthropicRequestRoundTripsUnchanged() {
        // A body already in the encoder's canonical form: decode then encode must give it back exactly.
        String body = """
                {"model":"claude-up","max_tokens":300,
                 "system":[{"type":"text","text":"Sys","cache_control":{"type":"ephemeral"}}],
                 "messages":[
                   {"role":"user","content":"Weather in Paris?"},
                   {"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"s"},
                      {"type":"text","text":"Checking."},
                      {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"sunny"},
                      {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"a"},
                        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAA"}}],"is_error":true},
                      {"type":"text","text":"thanks","cache_control":{"type":"ephemeral"}}]}],
                 "tools":[{"name":"get_weather","description":"d","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true},
                 "stop_sequences":["X"],"temperature":0.5,"top_p":0.8,"stream":true,
                 "metadata":{"user_id":"u1"},
                 "thinking":{"type":"enabled","budget_tokens":200},"top_k":3}
                """;
        JsonNode in = Json.parse(body);
        ObjectNode out = AnthropicCodec.encodeRequest(AnthropicCodec.decodeRequest(in), "claude-up", 4096);
        assertThat(out).isEqualTo(in);
        // Fixed field order: canonical fields first, then passthrough sorted.
        assertThat(Json.write(out)).startsWith("{\"model\":\"claude-up\",\"max_tokens\":300,\"system\":")
                .endsWith("\"metadata\":{\"user_id\":\"u1\"},\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":200},\"top_k\":3}");
    }

    @Test
    void modelAndDefaultMaxTokensAndOmittedOptionals() {
        ObjectNode out = AnthropicCodec.encodeRequest(simple(List.of(Message.user("hi"))), "claude-up", 1024);
        assertThat(Json.write(out)).isEqualTo(
                "{\"model\":\"claude-up\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void consecutiveSameRoleMessagesMergeAndToolResultsComeFirst() {
        // OpenAI shape: assistant text, then assistant tool calls, then one tool message per result and a user note.
        List<Message> msgs = List.of(
                Message.user("q"),
                new Message(Role.ASSISTANT, List.of(Content.Text.of(""),
                        new Content.ToolUse("c1", "f", "{\"a\":1}", null))),
                new Message(Role.ASSISTANT, List.of(new Content.ToolUse("c2", "g", "", null))),
                new Message(Role.USER, List.of(Content.Text.of("also this"))),
                new Message(Role.USER, List.of(new Content.ToolResult("c1", List.of(Content.Text.of("r1")), false, null))),
                new Message(Role.USER, List.of(new Content.ToolResult("c2", List.of(), false, null))));
        ObjectNode out = AnthropicCodec.encodeRequest(simple(msgs), "m", 10);
        assertThat(out.get("messages")).isEqualTo(json("""
                [{'role':'user','content':'q'},
                 {'role':'assistant','content':[{'type':'tool_use','id':'c1','name':'f','input':{'a':1}},
                                                {'type':'tool_use','id':'c2','name':'g','input':{}}]},
                 {'role':'user','content':[{'type':'tool_result','tool_use_id':'c1','content':'r1'},
                                           {'type':'tool_result','tool_use_id':'c2'},
                                           {'type':'text','text':'also this'}]}]
                """));
    }

    @Test
    void emptyMessagesAreDroppedAndNeighboursMerged() {
        List<Message> msgs = List.of(Message.user("a"), new Message(Role.ASSISTANT, List.of(Content.Text.of(""))),
                Message.user("b"));
        assertThat(AnthropicCodec.encodeRequest(simple(msgs), "m", 10).get("messages")).isEqualTo(json(
                "[{'role':'user','content':[{'type':'text','text':'a'},{'type':'text','text':'b'}]}]"));
    }

    @Test
    void invalidToolArgumentsAreWrappedNotRefused() {
        List<Message> msgs = List.of(Message.user("q"), new Message(Role.ASSISTANT, List.of(
                new Content.ToolUse("c1", "f", "{\"a\":", null),
                new Content.ToolUse("c2", "f", "[1,2]", null),
                new Content.ToolUse("c3", "f", "{} trailing", null),
                new Content.ToolUse("c4", "f", null, null))));
        JsonNode content = AnthropicCodec.encodeRequest(simple(msgs), "m", 10).get("messages").get(1).get("content");
        assertThat(content.get(0).get("input")).isEqualTo(json("{'_raw':'{\\\"a\\\":'}"));
        assertThat(content.get(1).get("input")).isEqualTo(json("{'_raw':'[1,2]'}"));
        assertThat(content.get(2).get("input")).isEqualTo(json("{'_raw':'{} trailing'}"));
        assertThat(content.get(3).get("input")).isEqualTo(json("{}"));
    }

    @Test
    void imagesBecomeBase64OrUrlSources() {
        List<Message> msgs = List.of(new Message(Role.USER, List.of(
                new Content.Image("image/jpeg", "Zm9v", null, "high", null),
                new Content.Image(null, null, "https://x/a.png", "low", json("{'type':'ephemeral'}")),
                new Content.Image(null, null, "data:image/gif;base64,R0lG", null, null))));
        assertThat(AnthropicCodec.encodeRequest(simple(msgs), "m", 10).get("messages").get(0).get("content")).isEqualTo(json("""
                [{'type':'image','source':{'type':'base64','media_type':'image/jpeg','data':'Zm9v'}},
                 {'type':'image','source':{'type':'url','url':'https://x/a.png'},'cache_control':{'type':'ephemeral'}},
                 {'type':'image','source':{'type':'base64','media_type':'image/gif','data':'R0lG'}}]
                """));
    }

    @Test
    void unsignedThinkingIsLeftOutSignedIsKept() {
        List<Message> msgs = List.of(Message.user("q"), new Message(Role.ASSISTANT, List.of(
                new Content.Thinking("from another provider", null, null),
                new Content.Thinking("signed", "sig", null), Content.Text.of("a"))));
        assertThat(AnthropicCodec.encodeRequest(simple(msgs), "m", 10).get("messages").get(1).get("content")).isEqualTo(json(
                "[{'type':'thinking','thinking':'signed','signature':'sig'},{'type':'text','text':'a'}]"));
    }

    @Test
    void systemIsAStringWhenSingleAndUncached() {
        ChatRequest r = req(List.of(Content.Text.of("one")), List.of(Message.user("q")), null, null, null, null, null, null,
                WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(r, "m", 10).get("system")).isEqualTo(json("'one'"));
        ChatRequest two = req(List.of(Content.Text.of("one"), Content.Text.of("two")), List.of(Message.user("q")), null, null,
                null, null, null, null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(two, "m", 10).get("system")).isEqualTo(json(
                "[{'type':'text','text':'one'},{'type':'text','text':'two'}]"));
    }

    @Test
    void jsonResponseFormatsAppendASystemInstruction() {
        ResponseFormat schema = new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "person",
                json("{'type':'object','properties':{'name':{'type':'string'}}}"), true);
        ChatRequest r = req(List.of(new Content.Text("sys", json("{'type':'ephemeral'}"))), List.of(Message.user("q")),
                null, null, null, null, schema, null, WireFormat.OPENAI, null);
        JsonNode system = AnthropicCodec.encodeRequest(r, "m", 10).get("system");
        assertThat(system).hasSize(2);
        assertThat(system.get(0)).isEqualTo(json("{'type':'text','text':'sys','cache_control':{'type':'ephemeral'}}"));
        assertThat(system.get(1).get("text").asText()).isEqualTo(RequestEncoder.JSON_INSTRUCTION
                + " The object must conform to this JSON Schema \"person\":\n{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}");

        ChatRequest obj = req(null, List.of(Message.user("q")), null, null, null, null,
                new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, false), null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(obj, "m", 10).get("system").asText()).isEqualTo(RequestEncoder.JSON_INSTRUCTION);

        ChatRequest text = req(null, List.of(Message.user("q")), null, null, null, null,
                new ResponseFormat(ResponseFormat.Kind.TEXT, null, null, false), null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(text, "m", 10).has("system")).isFalse();
    }

    @Test
    void temperatureIsClampedToAnthropicsRange() {
        ChatRequest hot = req(null, List.of(Message.user("q")), null, null, null, 1.7, null, null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(hot, "m", 10).get("temperature").asDouble()).isEqualTo(1.0);
        ChatRequest mild = req(null, List.of(Message.user("q")), null, null, null, 0.2, null, null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(mild, "m", 10).get("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void toolsAndToolChoice() {
        List<Tool> tools = List.of(new Tool("f", null, null, null),
                new Tool("g", "does g", json("{'type':'object','required':['x']}"), json("{'type':'ephemeral'}")));
        ChatRequest r = req(null, List.of(Message.user("q")), tools, new ToolChoice(ToolChoice.Mode.TOOL, "g", false),
                null, null, null, null, WireFormat.OPENAI, null);
        ObjectNode out = AnthropicCodec.encodeRequest(r, "m", 10);
        assertThat(out.get("tools")).isEqualTo(json("""
                [{'name':'f','input_schema':{'type':'object','properties':{}}},
                 {'name':'g','description':'does g','input_schema':{'type':'object','required':['x']},'cache_control':{'type':'ephemeral'}}]
                """));
        assertThat(out.get("tool_choice")).isEqualTo(json("{'type':'tool','name':'g','disable_parallel_tool_use':true}"));

        ChatRequest none = req(null, List.of(Message.user("q")), tools, new ToolChoice(ToolChoice.Mode.NONE, null, false),
                null, null, null, null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(none, "m", 10).get("tool_choice")).isEqualTo(json("{'type':'none'}"));
        ChatRequest auto = req(null, List.of(Message.user("q")), tools, ToolChoice.AUTO, null, null, null, null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(auto, "m", 10).get("tool_choice")).isEqualTo(json("{'type':'auto'}"));
    }

    @Test
    void toolChoiceWithoutToolsIsOmitted() {
        ChatRequest r = req(null, List.of(Message.user("q")), null, ToolChoice.AUTO, null, null, null, null, WireFormat.OPENAI, null);
        assertThat(AnthropicCodec.encodeRequest(r, "m", 10).has("tool_choice")).isFalse();
    }

    @Test
    void passthroughOnlyForAnthropicCallers() {
        Map<String, JsonNode> pt = Map.of("top_k", json("5"));
        ChatRequest fromOpenAi = req(null, List.of(Message.user("q")), null, null, null, null, null, "u", WireFormat.OPENAI, pt);
        ObjectNode out = AnthropicCodec.encodeRequest(fromOpenAi, "m", 10);
        assertThat(out.has("top_k")).isFalse();
        assertThat(out.get("metadata")).isEqualTo(json("{'user_id':'u'}"));
        ChatRequest fromAnthropic = req(null, List.of(Message.user("q")), null, null, null, null, null, null, WireFormat.ANTHROPIC, pt);
        assertThat(AnthropicCodec.encodeRequest(fromAnthropic, "m", 10).get("top_k").asInt()).isEqualTo(5);
    }

    @Test
    void serverToolsReachAnAnthropicUpstreamAsSent() {
        JsonNode body = json("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'q'}],"
                + "'tools':[{'type':'web_search_20250305','name':'web_search','max_uses':2},{'name':'f','input_schema':{'type':'object'}}],"
                + "'tool_choice':{'type':'any'}}");
        ObjectNode out = AnthropicCodec.encodeRequest(AnthropicCodec.decodeRequest(body), "up", 10);
        assertThat(out.get("tools")).isEqualTo(body.get("tools"));
        assertThat(out.get("tool_choice")).isEqualTo(json("{'type':'any'}"));
    }

    @Test
    void serverToolsOnlyStillKeepToolChoice() {
        JsonNode body = json("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'q'}],"
                + "'tools':[{'type':'web_search_20250305','name':'web_search'}],'tool_choice':{'type':'auto'}}");
        ObjectNode out = AnthropicCodec.encodeRequest(AnthropicCodec.decodeRequest(body), "up", 10);
        assertThat(out.get("tools")).isEqualTo(body.get("tools"));
        assertThat(out.get("tool_choice")).isEqualTo(json("{'type':'auto'}"));
    }

    @Test
    void sameCanonicalRequestGivesSameBytes() {
        ChatRequest r = AnthropicCodec.decodeRequest(json("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':'q'}],"
                + "'z_field':1,'a_field':2,'m_field':{'k':[1]}}"));
        String first = Json.write(AnthropicCodec.encodeRequest(r, "up", 10));
        for (int i = 0; i < 5; i++) assertThat(Json.write(AnthropicCodec.encodeRequest(r, "up", 10))).isEqualTo(first);
        assertThat(first).endsWith("\"a_field\":2,\"m_field\":{\"k\":[1]},\"z_field\":1}");
    }
}
