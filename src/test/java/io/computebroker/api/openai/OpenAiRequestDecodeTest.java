package io.computebroker.api.openai;

import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.core.ToolChoice;
import io.computebroker.core.WireFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiRequestDecodeTest {

    /** Single quotes in test JSON, for readability. */
    static ChatRequest decode(String json) {
        return OpenAiCodec.decodeRequest(Json.parse(json.replace('\'', '"')));
    }

    static BrokerException reject(String json) {
        BrokerException e = catchThrowableOfType(BrokerException.class, () -> decode(json));
        assertThat(e).as("expected a 400 for %s", json).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        return e;
    }

    @Test
    void minimalRequest() {
        ChatRequest r = decode("{'model':'gpt-4o','messages':[{'role':'user','content':'hi'}]}");
        assertThat(r.model()).isEqualTo("gpt-4o");
        assertThat(r.messages()).containsExactly(Message.user("hi"));
        assertThat(r.system()).isEmpty();
        assertThat(r.tools()).isEmpty();
        assertThat(r.toolChoice()).isNull();
        assertThat(r.maxTokens()).isNull();
        assertThat(r.temperature()).isNull();
        assertThat(r.topP()).isNull();
        assertThat(r.stop()).isEmpty();
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.responseFormat()).isNull();
        assertThat(r.metadata()).isNull();
        assertThat(r.user()).isNull();
        assertThat(r.source()).isEqualTo(WireFormat.OPENAI);
        assertThat(r.passthrough()).isEmpty();
    }

    @Test
    void systemAndDeveloperAreHoistedInOrderWithCacheControl() {
        ChatRequest r = decode("""
                {'model':'m','messages':[
                  {'role':'system','content':'be brief'},
                  {'role':'user','content':'q1'},
                  {'role':'developer','content':[{'type':'text','text':'a'},
                                                 {'type':'text','text':'b','cache_control':{'type':'ephemeral'}}]}]}""");
        assertThat(r.system()).containsExactly(Content.Text.of("be brief"), Content.Text.of("a"),
                new Content.Text("b", Json.parse("{\"type\":\"ephemeral\"}")));
        assertThat(r.messages()).containsExactly(Message.user("q1"));
    }

    @Test
    void userPartsWithImages() {
        ChatRequest r = decode("""
                {'model':'m','messages':[{'role':'user','content':[
                  {'type':'text','text':'what is this?'},
                  {'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo=','detail':'low'}},
                  {'type':'image_url','image_url':{'url':'https://example.com/cat.jpg'}}]}]}""");
        assertThat(r.messages().get(0).content()).containsExactly(
                Content.Text.of("what is this?"),
                new Content.Image("image/png", "iVBORw0KGgo=", null, "low", null),
                new Content.Image(null, null, "https://example.com/cat.jpg", null, null));
        assertThat(r.hasImages()).isTrue();
    }

    @Test
    void assistantToolCallsAndConsecutiveToolResultsMergeIntoOneUserTurn() {
        ChatRequest r = decode("""
                {'model':'m','messages':[
                  {'role':'user','content':'weather in Paris and Rome?'},
                  {'role':'assistant','content':null,'tool_calls':[
                     {'id':'call_1','type':'function','function':{'name':'weather','arguments':'{\\'city\\':\\'Paris\\'}'}},
                     {'id':'call_2','type':'function','function':{'name':'weather','arguments':'{}'}}]},
                  {'role':'tool','tool_call_id':'call_1','content':'18C'},
                  {'role':'tool','tool_call_id':'call_2','content':[{'type':'text','text':'21'},{'type':'text','text':'C'}]},
                  {'role':'user','content':'thanks'}]}""");
        assertThat(r.messages()).hasSize(4);
        assertThat(r.messages().get(1)).isEqualTo(new Message(Role.ASSISTANT, List.of(
                new Content.ToolUse("call_1", "weather", "{\"city\":\"Paris\"}", null),
                new Content.ToolUse("call_2", "weather", "{}", null))));
        assertThat(r.messages().get(2)).isEqualTo(new Message(Role.USER, List.of(
                new Content.ToolResult("call_1", List.of(Content.Text.of("18C")), false, null),
                new Content.ToolResult("call_2", List.of(Content.Text.of("21"), Content.Text.of("C")), false, null))));
        assertThat(r.messages().get(3)).isEqualTo(Message.user("thanks"));
    }

    @Test
    void assistantTextWithToolCallsAndEmptyStringContent() {
        ChatRequest r = decode("""
                {'model':'m','messages':[{'role':'user','content':'x'},
                  {'role':'assistant','content':'let me check','tool_calls':[{'id':'c','type':'function','function':{'name':'f','arguments':'{}'}}]},
                  {'role':'tool','tool_call_id':'c','content':'ok'},
                  {'role':'assistant','content':'','tool_calls':[{'id':'d','type':'function','function':{'name':'f','arguments':{'a':1}}}]}]}""");
        assertThat(r.messages().get(1).content()).containsExactly(Content.Text.of("let me check"),
                new Content.ToolUse("c", "f", "{}", null));
        // "" beside tool calls is dropped; an arguments object is accepted and serialised
        assertThat(r.messages().get(3).content()).containsExactly(new Content.ToolUse("d", "f", "{\"a\":1}", null));
    }

    @Test
    void assistantContentPartsIncludingRefusal() {
        ChatRequest r = decode("""
                {'model':'m','messages':[{'role':'user','content':'x'},
                  {'role':'assistant','content':[{'type':'text','text':'a'},{'type':'refusal','refusal':'no'}]}]}""");
        assertThat(r.messages().get(1).content()).containsExactly(Content.Text.of("a"), Content.Text.of("no"));
    }

    @Test
    void legacyFunctionCallAndFunctionResult() {
        ChatRequest r = decode("""
                {'model':'m','messages':[{'role':'user','content':'x'},
                  {'role':'assistant','content':null,'function_call':{'name':'lookup','arguments':'{\\'q\\':1}'}},
                  {'role':'function','name':'lookup','content':'found'}]}""");
        Content.ToolUse use = (Content.ToolUse) r.messages().get(1).content().get(0);
        assertThat(use.name()).isEqualTo("lookup");
        assertThat(use.argumentsJson()).isEqualTo("{\"q\":1}");
        Content.ToolResult res = (Content.ToolResult) r.messages().get(2).content().get(0);
        assertThat(res.toolUseId()).isEqualTo(use.id());
        assertThat(res.joinedText()).isEqualTo("found");
    }

    @Test
    void toolMessagesSeparatedByUserAreNotMerged() {
        ChatRequest r = decode("""
                {'model':'m','messages':[
                  {'role':'tool','tool_call_id':'a','content':'1'},
                  {'role':'user','content':'between'},
                  {'role':'tool','tool_call_id':'b','content':'2'}]}""");
        assertThat(r.messages()).hasSize(3);
        assertThat(r.messages().get(0).content()).hasSize(1);
        assertThat(r.messages().get(2).content()).hasSize(1);
    }

    @Test
    void toolsToolChoiceAndParallel() {
        ChatRequest r = decode("""
                {'model':'m','messages':[{'role':'user','content':'x'}],
                 'tools':[{'type':'function','function':{'name':'f','description':'does f',
                           'parameters':{'type':'object','properties':{'a':{'type':'string'}}}}},
                          {'type':'function','function':{'name':'g'}}],
                 'tool_choice':{'type':'function','function':{'name':'f'}},'parallel_tool_calls':false}""");
        assertThat(r.tools()).hasSize(2);
        assertThat(r.tools().get(0).name()).isEqualTo("f");
        assertThat(r.tools().get(0).description()).isEqualTo("does f");
        assertThat(r.tools().get(0).inputSchema().toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        assertThat(r.tools().get(1).description()).isNull();
        assertThat(r.tools().get(1).inputSchema().toString()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.TOOL, "f", false));
    }

    @ParameterizedTest
    @CsvSource({"auto,AUTO", "none,NONE", "required,ANY"})
    void toolChoiceStrings(String wire, ToolChoice.Mode mode) {
        ChatRequest r = decode("{'model':'m','messages':[{'role':'user','content':'x'}],'tool_choice':'" + wire + "'}");
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(mode, null, true));
    }

    @Test
    void parallelFalseWithoutToolChoiceMeansAuto() {
        ChatRequest r = decode("{'model':'m','messages':[{'role':'user','content':'x'}],'parallel_tool_calls':false}");
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.AUTO, null, false));
        ChatRequest r2 = decode("{'model':'m','messages':[{'role':'user','content':'x'}],'parallel_tool_calls':true}");
        assertThat(r2.toolChoice()).isNull();
    }

    @Test
    void scalarsStopStreamFormatMetadataUser() {
        ChatRequest r = decode("""
                {'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':50,'max_completion_tokens':100,
                 'temperature':0.5,'top_p':1,'stop':['END','STOP'],'stream':true,'stream_options':{'include_usage':true},
                 'response_format':{'type':'json_schema','json_schema':{'name':'out','schema':{'type':'object'},'strict':true}},
                 'metadata':{'tier':'cheap'},'user':'u-1','n':1}""");
        assertThat(r.maxTokens()).isEqualTo(100);
        assertThat(r.temperature()).isEqualTo(0.5);
        assertThat(r.topP()).isEqualTo(1.0);
        assertThat(r.stop()).containsExactly("END", "STOP");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.responseFormat()).isEqualTo(new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, "out",
                Json.parse("{\"type\":\"object\"}"), true));
        assertThat(r.metadata().toString()).isEqualTo("{\"tier\":\"cheap\"}");
        assertThat(r.user()).isEqualTo("u-1");
        assertThat(r.passthrough()).isEmpty(); // n=1 is the only value we serve, so it is consumed
    }

    @Test
    void maxTokensAloneStopStringAndOtherFormats() {
        ChatRequest r = decode("{'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':7,'stop':'\\n',"
                + "'response_format':{'type':'json_object'}}");
        assertThat(r.maxTokens()).isEqualTo(7);
        assertThat(r.stop()).containsExactly("\n");
        assertThat(r.responseFormat()).isEqualTo(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, false));
        ChatRequest t = decode("{'model':'m','messages':[{'role':'user','content':'x'}],'response_format':{'type':'text'},"
                + "'temperature':null,'stop':null,'max_tokens':null}");
        assertThat(t.responseFormat()).isNull();
        assertThat(t.temperature()).isNull();
        assertThat(t.maxTokens()).isNull();
    }

    @Test
    void unknownTopLevelFieldsGoToPassthroughUntouched() {
        ChatRequest r = decode("""
                {'model':'m','messages':[{'role':'user','content':'x'}],'seed':42,'logprobs':true,'top_logprobs':3,
                 'presence_penalty':0.1,'frequency_penalty':-0.2,'logit_bias':{'50256':-100},'reasoning_effort':'low',
                 'service_tier':'auto','store':false,'prediction':{'type':'content','content':'abc'},'modalities':['text']}""");
        assertThat(r.passthrough()).containsOnlyKeys("seed", "logprobs", "top_logprobs", "presence_penalty",
                "frequency_penalty", "logit_bias", "reasoning_effort", "service_tier", "store", "prediction", "modalities");
        assertThat(r.passthrough().get("logit_bias").toString()).isEqualTo("{\"50256\":-100}");
        assertThat(r.passthrough().get("seed").intValue()).isEqualTo(42);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            not an object               | []                                                                        | | request body must be a JSON object
            model missing               | {'messages':[{'role':'user','content':'x'}]}                              | model | model is required
            model not string            | {'model':5,'messages':[{'role':'user','content':'x'}]}                    | model | model must be a string
            model empty                 | {'model':'','messages':[{'role':'user','content':'x'}]}                   | model | model must not be empty
            messages missing            | {'model':'m'}                                                             | messages | messages is required
            messages string             | {'model':'m','messages':'hi'}                                             | messages | messages must be an array
            messages empty              | {'model':'m','messages':[]}                                               | messages | messages must not be empty
            message not object          | {'model':'m','messages':['hi']}                                           | messages[0] | messages[0] must be an object
            role missing                | {'model':'m','messages':[{'content':'x'}]}                                | messages[0].role | messages[0].role is required
            role unknown                | {'model':'m','messages':[{'role':'user','content':'x'},{'role':'bot','content':'x'}] } | messages[1].role | messages[1].role 'bot' is not supported; expected system, developer, user, assistant or tool
            user content missing        | {'model':'m','messages':[{'role':'user'}]}                                | messages[0].content | messages[0].content is required
            user content number         | {'model':'m','messages':[{'role':'user','content':5}]}                    | messages[0].content | messages[0].content must be a string or an array of content parts
            user content empty array    | {'model':'m','messages':[{'role':'user','content':[]}]}                   | messages[0].content | messages[0].content must not be empty
            part type unknown           | {'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'a'},{'type':'input_audio'}]}]} | messages[0].content[1].type | messages[0].content[1].type 'input_audio' is not supported here; expected text or image_url
            part type missing           | {'model':'m','messages':[{'role':'user','content':[{'text':'a'}]}]}       | messages[0].content[0].type | messages[0].content[0].type is required
            part text not string        | {'model':'m','messages':[{'role':'user','content':[{'type':'text','text':1}]}]} | messages[0].content[0].text | messages[0].content[0].text must be a string
            image url missing           | {'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{}}]}]} | messages[0].content[0].image_url.url | messages[0].content[0].image_url.url is required
            image url scheme            | {'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'ftp://x/y.png'}}]}]} | messages[0].content[0].image_url.url | messages[0].content[0].image_url.url must be an http(s) URL or a base64 data: URL
            image data not base64       | {'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png,abc'}}]}]} | messages[0].content[0].image_url.url | messages[0].content[0].image_url.url data: URL must be base64-encoded (data:<type>;base64,<data>)
            system image part           | {'model':'m','messages':[{'role':'system','content':[{'type':'image_url','image_url':{'url':'https://x'}}]},{'role':'user','content':'x'}]} | messages[0].content[0].type | messages[0].content[0].type 'image_url' is not supported here; expected text
            assistant content missing   | {'model':'m','messages':[{'role':'assistant'}]}                           | messages[0].content | messages[0].content is required unless tool_calls is set
            tool_calls not array        | {'model':'m','messages':[{'role':'assistant','tool_calls':{}}]}           | messages[0].tool_calls | messages[0].tool_calls must be an array
            tool call id missing        | {'model':'m','messages':[{'role':'assistant','tool_calls':[{'type':'function','function':{'name':'f'}}]}]} | messages[0].tool_calls[0].id | messages[0].tool_calls[0].id is required
            tool call name missing      | {'model':'m','messages':[{'role':'assistant','tool_calls':[{'id':'c','type':'function','function':{}}]}]} | messages[0].tool_calls[0].function.name | messages[0].tool_calls[0].function.name is required
            tool call type              | {'model':'m','messages':[{'role':'assistant','tool_calls':[{'id':'c','type':'custom','function':{'name':'f'}}]}]} | messages[0].tool_calls[0].type | messages[0].tool_calls[0].type 'custom' is not supported; expected function
            tool call args number       | {'model':'m','messages':[{'role':'assistant','tool_calls':[{'id':'c','function':{'name':'f','arguments':3}}]}]} | messages[0].tool_calls[0].function.arguments | messages[0].tool_calls[0].function.arguments must be a string
            tool_call_id missing        | {'model':'m','messages':[{'role':'tool','content':'x'}]}                  | messages[0].tool_call_id | messages[0].tool_call_id is required
            tool content missing        | {'model':'m','messages':[{'role':'tool','tool_call_id':'c'}]}             | messages[0].content | messages[0].content is required
            tools not array             | {'model':'m','messages':[{'role':'user','content':'x'}],'tools':{}}       | tools | tools must be an array
            tool type                   | {'model':'m','messages':[{'role':'user','content':'x'}],'tools':[{'type':'web_search'}]} | tools[0].type | tools[0].type 'web_search' is not supported; expected function
            tool function missing       | {'model':'m','messages':[{'role':'user','content':'x'}],'tools':[{'type':'function'}]} | tools[0].function | tools[0].function is required
            tool name missing           | {'model':'m','messages':[{'role':'user','content':'x'}],'tools':[{'type':'function','function':{}}]} | tools[0].function.name | tools[0].function.name is required
            tool params not object      | {'model':'m','messages':[{'role':'user','content':'x'}],'tools':[{'type':'function','function':{'name':'f','parameters':'x'}}]} | tools[0].function.parameters | tools[0].function.parameters must be an object
            tool_choice unknown         | {'model':'m','messages':[{'role':'user','content':'x'}],'tool_choice':'any'} | tool_choice | tool_choice 'any' is not supported; expected auto, none, required or a function object
            tool_choice number          | {'model':'m','messages':[{'role':'user','content':'x'}],'tool_choice':1}   | tool_choice | tool_choice must be a string or an object
            tool_choice type            | {'model':'m','messages':[{'role':'user','content':'x'}],'tool_choice':{'type':'allowed_tools'}} | tool_choice.type | tool_choice.type 'allowed_tools' is not supported; expected function
            tool_choice name missing    | {'model':'m','messages':[{'role':'user','content':'x'}],'tool_choice':{'type':'function','function':{}}} | tool_choice.function.name | tool_choice.function.name is required
            parallel not bool           | {'model':'m','messages':[{'role':'user','content':'x'}],'parallel_tool_calls':'no'} | parallel_tool_calls | parallel_tool_calls must be a boolean
            max_tokens zero             | {'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':0}    | max_tokens | max_tokens must be a positive integer
            max_tokens fraction         | {'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':1.5}  | max_tokens | max_tokens must be a positive integer
            max_tokens string           | {'model':'m','messages':[{'role':'user','content':'x'}],'max_tokens':'10'} | max_tokens | max_tokens must be a positive integer
            max_completion negative     | {'model':'m','messages':[{'role':'user','content':'x'}],'max_completion_tokens':-1} | max_completion_tokens | max_completion_tokens must be a positive integer
            max_completion too big      | {'model':'m','messages':[{'role':'user','content':'x'}],'max_completion_tokens':99999999999} | max_completion_tokens | max_completion_tokens must be a positive integer
            temperature string          | {'model':'m','messages':[{'role':'user','content':'x'}],'temperature':'hot'} | temperature | temperature must be a number
            temperature high            | {'model':'m','messages':[{'role':'user','content':'x'}],'temperature':2.5} | temperature | temperature must be between 0 and 2
            temperature negative        | {'model':'m','messages':[{'role':'user','content':'x'}],'temperature':-0.1} | temperature | temperature must be between 0 and 2
            top_p high                  | {'model':'m','messages':[{'role':'user','content':'x'}],'top_p':1.1}       | top_p | top_p must be between 0 and 1
            stop number                 | {'model':'m','messages':[{'role':'user','content':'x'}],'stop':3}          | stop | stop must be a string or an array of strings
            stop element                | {'model':'m','messages':[{'role':'user','content':'x'}],'stop':['a',1]}    | stop[1] | stop[1] must be a string
            stream not bool             | {'model':'m','messages':[{'role':'user','content':'x'}],'stream':'yes'}    | stream | stream must be a boolean
            stream_options not object   | {'model':'m','messages':[{'role':'user','content':'x'}],'stream_options':true} | stream_options | stream_options must be an object
            include_usage not bool      | {'model':'m','messages':[{'role':'user','content':'x'}],'stream_options':{'include_usage':1}} | stream_options.include_usage | stream_options.include_usage must be a boolean
            response_format string      | {'model':'m','messages':[{'role':'user','content':'x'}],'response_format':'json'} | response_format | response_format must be an object
            response_format type        | {'model':'m','messages':[{'role':'user','content':'x'}],'response_format':{'type':'xml'}} | response_format.type | response_format.type 'xml' is not supported; expected text, json_object or json_schema
            json_schema missing         | {'model':'m','messages':[{'role':'user','content':'x'}],'response_format':{'type':'json_schema'}} | response_format.json_schema | response_format.json_schema is required
            json_schema name missing    | {'model':'m','messages':[{'role':'user','content':'x'}],'response_format':{'type':'json_schema','json_schema':{'schema':{}}}} | response_format.json_schema.name | response_format.json_schema.name is required
            json_schema schema string   | {'model':'m','messages':[{'role':'user','content':'x'}],'response_format':{'type':'json_schema','json_schema':{'name':'n','schema':'s'}}} | response_format.json_schema.schema | response_format.json_schema.schema must be an object
            metadata not object         | {'model':'m','messages':[{'role':'user','content':'x'}],'metadata':'x'}    | metadata | metadata must be an object
            user not string             | {'model':'m','messages':[{'role':'user','content':'x'}],'user':7}          | user | user must be a string
            n two                       | {'model':'m','messages':[{'role':'user','content':'x'}],'n':2}             | n | n must be 1; the broker returns a single choice
            """)
    void rejects(String name, String json, String param, String message) {
        BrokerException e = reject(json);
        assertThat(e.param()).isEqualTo(param);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.status()).isEqualTo(400);
    }
}
