package io.computebroker.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.Role;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AnthropicRequestDecodeTest {

    /** Test JSON with ' for " so the literals stay readable. */
    static JsonNode json(String singleQuoted) {
        return Json.parse(singleQuoted.replace('\'', '"'));
    }

    static final String MIN = "'model':'claude-x','max_tokens':100,'messages':[{'role':'user','content':'hi'}]";

    @Test
    void decodesEveryModelledField() {
        ChatRequest r = AnthropicCodec.decodeRequest(json("""
                {'model':'claude-x','max_tokens':512,
                 'system':[{'type':'text','text':'You are terse.','cache_control':{'type':'ephemeral'}},{'type':'text','text':'Second.'}],
                 'messages':[
                   {'role':'user','content':[
                      {'type':'text','text':'Look','cache_control':{'type':'ephemeral','ttl':'1h'}},
                      {'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBOR'}},
                      {'type':'image','source':{'type':'url','url':'https://x/y.png'}}]},
                   {'role':'assistant','content':[
                      {'type':'thinking','thinking':'hmm','signature':'sig=='},
                      {'type':'redacted_thinking','data':'opaque'},
                      {'type':'text','text':'Calling'},
                      {'type':'tool_use','id':'toolu_1','name':'get_weather','input':{'city':'Paris','days':[1, 2]}}]},
                   {'role':'user','content':[
                      {'type':'tool_result','tool_use_id':'toolu_1','content':'sunny','is_error':false},
                      {'type':'tool_result','tool_use_id':'toolu_2','is_error':true,'cache_control':{'type':'ephemeral'},
                       'content':[{'type':'text','text':'boom'},{'type':'image','source':{'type':'url','url':'https://x/z.png'}}]}]}],
                 'tools':[{'name':'get_weather','description':'Weather','input_schema':{'type':'object','properties':{}},
                           'cache_control':{'type':'ephemeral'}}],
                 'tool_choice':{'type':'tool','name':'get_weather','disable_parallel_tool_use':true},
                 'temperature':0.3,'top_p':0.9,'stop_sequences':['END','STOP'],'stream':true,
                 'metadata':{'user_id':'u-42'},
                 'top_k':5,'thinking':{'type':'enabled','budget_tokens':1024},'service_tier':'auto'}
                """));

        assertThat(r.model()).isEqualTo("claude-x");
        assertThat(r.maxTokens()).isEqualTo(512);
        assertThat(r.source()).isEqualTo(WireFormat.ANTHROPIC);
        assertThat(r.system()).containsExactly(
                new Content.Text("You are terse.", json("{'type':'ephemeral'}")), Content.Text.of("Second."));

        assertThat(r.messages()).hasSize(3);
        assertThat(r.messages().get(0).role()).isEqualTo(Role.USER);
        assertThat(r.messages().get(0).content()).containsExactly(
                new Content.Text("Look", json("{'type':'ephemeral','ttl':'1h'}")),
                new Content.Image("image/png", "iVBOR", null, null, null),
                new Content.Image(null, null, "https://x/y.png", null, null));
        assertThat(r.messages().get(1).role()).isEqualTo(Role.ASSISTANT);
        assertThat(r.messages().get(1).content()).containsExactly(
                new Content.Thinking("hmm", "sig==", null),
                Content.Text.of("Calling"),
                new Content.ToolUse("toolu_1", "get_weather", "{\"city\":\"Paris\",\"days\":[1,2]}", null));
        assertThat(r.messages().get(2).content()).containsExactly(
                new Content.ToolResult("toolu_1", java.util.List.of(Content.Text.of("sunny")), false, null),
                new Content.ToolResult("toolu_2", java.util.List.of(Content.Text.of("boom"),
                        new Content.Image(null, null, "https://x/z.png", null, null)), true, json("{'type':'ephemeral'}")));

        assertThat(r.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("get_weather");
            assertThat(t.description()).isEqualTo("Weather");
            assertThat(t.inputSchema()).isEqualTo(json("{'type':'object','properties':{}}"));
            assertThat(t.cacheControl()).isEqualTo(json("{'type':'ephemeral'}"));
        });
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.TOOL, "get_weather", false));
        assertThat(r.temperature()).isEqualTo(0.3);
        assertThat(r.topP()).isEqualTo(0.9);
        assertThat(r.stop()).containsExactly("END", "STOP");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.responseFormat()).isNull();
        assertThat(r.user()).isEqualTo("u-42");
        assertThat(r.metadata()).isEqualTo(json("{'user_id':'u-42'}"));
        assertThat(r.passthrough()).containsOnlyKeys("top_k", "thinking", "service_tier");
        assertThat(r.passthrough().get("thinking")).isEqualTo(json("{'type':'enabled','budget_tokens':1024}"));
    }

    @Test
    void minimalRequestHasDefaults() {
        ChatRequest r = AnthropicCodec.decodeRequest(json("{" + MIN + "}"));
        assertThat(r.messages()).containsExactly(io.computebroker.core.Message.user("hi"));
        assertThat(r.system()).isEmpty();
        assertThat(r.tools()).isEmpty();
        assertThat(r.toolChoice()).isNull();
        assertThat(r.temperature()).isNull();
        assertThat(r.topP()).isNull();
        assertThat(r.stop()).isEmpty();
        assertThat(r.stream()).isFalse();
        assertThat(r.metadata()).isNull();
        assertThat(r.user()).isNull();
        assertThat(r.passthrough()).isEmpty();
    }

    @Test
    void systemStringAndNullOptionals() {
        ChatRequest r = AnthropicCodec.decodeRequest(json("{" + MIN
                + ",'system':'Be nice','temperature':null,'tools':null,'metadata':{'user_id':null}}"));
        assertThat(r.system()).containsExactly(Content.Text.of("Be nice"));
        assertThat(r.temperature()).isNull();
        assertThat(r.user()).isNull();
        assertThat(r.metadata()).isNotNull();
    }

    @Test
    void toolChoiceModes() {
        assertThat(choice("{'type':'auto'}")).isEqualTo(ToolChoice.AUTO);
        assertThat(choice("{'type':'any','disable_parallel_tool_use':true}"))
                .isEqualTo(new ToolChoice(ToolChoice.Mode.ANY, null, false));
        assertThat(choice("{'type':'none'}")).isEqualTo(new ToolChoice(ToolChoice.Mode.NONE, null, true));
        assertThat(choice("{'type':'tool','name':'f'}")).isEqualTo(new ToolChoice(ToolChoice.Mode.TOOL, "f", true));
    }

    private static ToolChoice choice(String tc) {
        return AnthropicCodec.decodeRequest(json("{" + MIN + ",'tool_choice':" + tc + "}")).toolChoice();
    }

    @Test
    void serverToolsKeepTheRawListInPassthrough() {
        JsonNode body = json("{" + MIN + ",'tools':[{'name':'f','input_schema':{'type':'object'}},"
                + "{'type':'web_search_20250305','name':'web_search','max_uses':3},"
                + "{'type':'custom','name':'g','input_schema':{'type':'object'}}]}");
        ChatRequest r = AnthropicCodec.decodeRequest(body);
        assertThat(r.tools()).extracting(t -> t.name()).containsExactly("f", "g");
        assertThat(r.passthrough().get("tools")).isEqualTo(body.get("tools"));
    }

    @Test
    void customToolsOnlyLeavePassthroughEmpty() {
        ChatRequest r = AnthropicCodec.decodeRequest(json("{" + MIN + ",'tools':[{'name':'f','input_schema':{'type':'object'}}]}"));
        assertThat(r.passthrough()).isEmpty();
    }

    @Test
    void countTokensDoesNotNeedMaxTokens() {
        ChatRequest r = AnthropicCodec.decodeCountTokensRequest(json("{'model':'m','messages':[{'role':'user','content':'x'}]}"));
        assertThat(r.maxTokens()).isNull();
        assertThat(r.messages()).hasSize(1);
        assertThatThrownBy(() -> AnthropicCodec.decodeCountTokensRequest(json("{'model':'m','messages':[]}")))
                .isInstanceOf(BrokerException.class).hasFieldOrPropertyWithValue("param", "messages");
    }

    @Test
    void redactedThinkingIsDropped() {
        ChatRequest r = AnthropicCodec.decodeRequest(json("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'q'},"
                + "{'role':'assistant','content':[{'type':'redacted_thinking','data':'x'},{'type':'text','text':'a'}]}]}"));
        assertThat(r.messages().get(1).content()).containsExactly(Content.Text.of("a"));
    }

    static Stream<Arguments> invalidRequests() {
        String msgs = "'messages':[{'role':'user','content':'hi'}]";
        return Stream.of(
                arguments("{'max_tokens':1," + msgs + "}", "model", "model: field required"),
                arguments("{'model':7,'max_tokens':1," + msgs + "}", "model", "model: expected a string, got an integer"),
                arguments("{'model':' ','max_tokens':1," + msgs + "}", "model", "model: must not be empty"),
                arguments("{'model':'m'," + msgs + "}", "max_tokens", "max_tokens: field required"),
                arguments("{'model':'m','max_tokens':0," + msgs + "}", "max_tokens", "max_tokens: must be a positive integer, got 0"),
                arguments("{'model':'m','max_tokens':1.5," + msgs + "}", "max_tokens", "max_tokens: expected an integer, got a number"),
                arguments("{'model':'m','max_tokens':'10'," + msgs + "}", "max_tokens", "max_tokens: expected an integer, got a string"),
                arguments("{'model':'m','max_tokens':99999999999," + msgs + "}", "max_tokens", "max_tokens: must be a positive integer"),
                arguments("{'model':'m','max_tokens':1}", "messages", "messages: field required"),
                arguments("{'model':'m','max_tokens':1,'messages':{}}", "messages", "messages: expected an array, got an object"),
                arguments("{'model':'m','max_tokens':1,'messages':[]}", "messages", "messages: at least one message is required"),
                arguments("{'model':'m','max_tokens':1,'messages':['hi']}", "messages[0]", "messages[0]: expected an object, got a string"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'content':'x'}]}", "messages[0].role", "messages[0].role: field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'a'},{'role':'system','content':'x'}]}",
                        "messages[1].role", "messages[1].role: unknown role 'system'; expected user or assistant"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user'}]}", "messages[0].content", "messages[0].content: field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':5}]}", "messages[0].content",
                        "messages[0].content: expected a string or an array of content blocks, got an integer"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'text':'x'}]}]}",
                        "messages[0].content[0].type", "messages[0].content[0].type: field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'a'},{'role':'assistant','content':'b'},"
                        + "{'role':'user','content':[{'type':'text','text':'ok'},{'type':'video'}]}]}",
                        "messages[2].content[1].type", "messages[2].content[1].type: unsupported content block type 'video'; this gateway accepts text, image"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'document','source':{}}]}]}",
                        "messages[0].content[0].type", "unsupported content block type 'document'"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'text'}]}]}",
                        "messages[0].content[0].text", "messages[0].content[0].text: field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'text','text':'x','cache_control':'yes'}]}]}",
                        "messages[0].content[0].cache_control", "expected an object, got a string"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'image'}]}]}",
                        "messages[0].content[0].source", "messages[0].content[0].source: field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'base64','data':'x'}}]}]}",
                        "messages[0].content[0].source.media_type", "messages[0].content[0].source.media_type: field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'image','source':{'type':'file','file_id':'f'}}]}]}",
                        "messages[0].content[0].source.type", "unsupported image source type 'file'; expected base64 or url"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'tool_use','id':'t','name':'f','input':{}}]}]}",
                        "messages[0].content[0].type", "tool_use blocks are only allowed in assistant messages"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'q'},{'role':'assistant','content':[{'type':'tool_use','id':'t','name':'f','input':'{}'}]}]}",
                        "messages[1].content[0].input", "messages[1].content[0].input: expected an object, got a string"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'q'},{'role':'assistant','content':[{'type':'tool_use','name':'f','input':{}}]}]}",
                        "messages[1].content[0].id", "field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'assistant','content':[{'type':'tool_result','tool_use_id':'t'}]}]}",
                        "messages[0].content[0].type", "tool_result blocks are only allowed in user messages"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'tool_result','content':'x'}]}]}",
                        "messages[0].content[0].tool_use_id", "field required"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','is_error':'no'}]}]}",
                        "messages[0].content[0].is_error", "expected a boolean, got a string"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':{}}]}]}",
                        "messages[0].content[0].content", "expected a string or an array of content blocks, got an object"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'tool_result','tool_use_id':'t','content':[{'type':'tool_use'}]}]}]}",
                        "messages[0].content[0].content[0].type", "unsupported tool_result content block type 'tool_use'; expected text or image"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':[{'type':'thinking','thinking':'x'}]}]}",
                        "messages[0].content[0].type", "thinking blocks are only allowed in assistant messages"),
                arguments("{'model':'m','max_tokens':1,'messages':[{'role':'user','content':'q'},{'role':'assistant','content':[{'type':'thinking','signature':'s'}]}]}",
                        "messages[1].content[0].thinking", "field required"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'system':5}", "system", "system: expected a string or an array of text blocks, got an integer"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'system':[{'type':'image'}]}", "system[0].type", "system blocks must be of type text, got 'image'"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'system':[{'type':'text','text':1}]}", "system[0].text", "system[0].text: expected a string, got an integer"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tools':{}}", "tools", "tools: expected an array, got an object"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tools':[{'input_schema':{}}]}", "tools[0].name", "tools[0].name: field required"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tools':[{'name':'f'}]}", "tools[0].input_schema", "tools[0].input_schema: field required"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tools':[{'name':'f','input_schema':[]}]}", "tools[0].input_schema", "expected an object, got an array"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tools':[{'name':'f','input_schema':{},'description':3}]}", "tools[0].description", "expected a string"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tools':[{'type':'web_search_20250305'}]}", "tools[0].name", "field required"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tool_choice':'auto'}", "tool_choice", "tool_choice: expected an object, got a string"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tool_choice':{}}", "tool_choice.type", "tool_choice.type: field required"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tool_choice':{'type':'required'}}", "tool_choice.type", "unknown tool_choice type 'required'"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tool_choice':{'type':'tool'}}", "tool_choice.name", "tool_choice.name: field required"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'tool_choice':{'type':'auto','disable_parallel_tool_use':1}}",
                        "tool_choice.disable_parallel_tool_use", "expected a boolean, got an integer"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'temperature':1.5}", "temperature", "temperature: must be between 0 and 1, got 1.5"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'temperature':'hot'}", "temperature", "temperature: expected a number, got a string"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'top_p':-0.1}", "top_p", "top_p: must be between 0 and 1"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'stop_sequences':'END'}", "stop_sequences", "expected an array, got a string"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'stop_sequences':['a',1]}", "stop_sequences[1]", "stop_sequences[1]: expected a string, got an integer"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'stream':'yes'}", "stream", "stream: expected a boolean, got a string"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'metadata':'u'}", "metadata", "metadata: expected an object, got a string"),
                arguments("{'model':'m','max_tokens':1," + msgs + ",'metadata':{'user_id':42}}", "metadata.user_id", "metadata.user_id: expected a string, got an integer"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidRequests")
    void invalidRequestNamesTheField(String body, String param, String message) {
        assertThatThrownBy(() -> AnthropicCodec.decodeRequest(json(body)))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void bodyMustBeAnObject() {
        assertThatThrownBy(() -> AnthropicCodec.decodeRequest(json("[1]")))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.param()).isNull();
                    assertThat(e.getMessage()).isEqualTo("request body must be a JSON object, got an array");
                });
    }
}
