package io.computebroker.api.anthropic;

import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.StopReason;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.computebroker.api.anthropic.AnthropicRequestDecodeTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicResponseCodecTest {

    private static final ChatResponse RESPONSE = new ChatResponse("up-id", "up-model", List.of(
            new Content.Thinking("let me see", "sig", null),
            Content.Text.of("It is sunny."),
            new Content.ToolUse("toolu_9", "get_weather", "{\"city\":\"Paris\"}", null)),
            StopReason.TOOL_USE, new Usage(1000, 700, 200, 50, 0));

    @Test
    void encodeResponseGivesTheExactMessageBody() {
        assertThat(Json.write(AnthropicCodec.encodeResponse(RESPONSE, "msg_1", "claude-x"))).isEqualTo(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":["
                        + "{\"type\":\"thinking\",\"thinking\":\"let me see\",\"signature\":\"sig\"},"
                        + "{\"type\":\"text\",\"text\":\"It is sunny.\"},"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}],"
                        + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":100,\"cache_creation_input_tokens\":200,\"cache_read_input_tokens\":700,\"output_tokens\":50}}");
    }

    @Test
    void responseRoundTrips() {
        ChatResponse back = AnthropicCodec.decodeResponse(AnthropicCodec.encodeResponse(RESPONSE, "msg_1", "claude-x"));
        assertThat(back.id()).isEqualTo("msg_1");
        assertThat(back.model()).isEqualTo("claude-x");
        assertThat(back.content()).isEqualTo(RESPONSE.content());
        assertThat(back.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(back.usage()).isEqualTo(RESPONSE.usage());
    }

    @Test
    void stopReasonsRoundTrip() {
        for (StopReason s : StopReason.values()) {
            ChatResponse r = new ChatResponse("i", "m", List.of(Content.Text.of("x")), s, Usage.ZERO);
            assertThat(AnthropicCodec.decodeResponse(AnthropicCodec.encodeResponse(r, "i", "m")).stopReason()).isEqualTo(s);
        }
    }

    @Test
    void decodesARealUpstreamMessageWithExtraFieldsAndUnknownBlocks() {
        ChatResponse r = AnthropicCodec.decodeResponse(json("""
                {'id':'msg_01XFDUDYJgAACzvnptvVoYEL','type':'message','role':'assistant','model':'claude-sonnet-4-5-20250929',
                 'content':[{'type':'text','text':'Hi','citations':null},
                            {'type':'redacted_thinking','data':'EmwK'},
                            {'type':'server_tool_use','id':'srvtoolu_1','name':'web_search','input':{'query':'q'}},
                            {'type':'web_search_tool_result','tool_use_id':'srvtoolu_1','content':[]},
                            {'type':'tool_use','id':'toolu_1','name':'f','input':{},'caller':{'type':'direct'}}],
                 'stop_reason':'max_tokens','stop_sequence':null,
                 'usage':{'input_tokens':12,'cache_creation_input_tokens':null,'cache_read_input_tokens':30,
                          'cache_creation':{'ephemeral_5m_input_tokens':0,'ephemeral_1h_input_tokens':0},
                          'output_tokens':6,'service_tier':'standard'}}
                """));
        assertThat(r.content()).containsExactly(Content.Text.of("Hi"), new Content.ToolUse("toolu_1", "f", "{}", null));
        assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(r.usage()).isEqualTo(new Usage(42, 30, 0, 6, 0));
        assertThat(r.usage().uncachedInputTokens()).isEqualTo(12);
    }

    @Test
    void unreadableUpstreamShapesAreUpstreamErrors() {
        assertUpstream("[1]", "upstream response is not a JSON object");
        assertUpstream("{'type':'message','content':'hi'}", "upstream message has no content array");
        assertUpstream("{'type':'completion','content':[]}", "upstream response has type 'completion', expected message");
        assertUpstream("{'type':'message','content':[{'text':'x'}]}", "upstream content[0] has no type");
        assertUpstream("{'type':'message','content':[{'type':'text','text':5}]}", "upstream content[0] (text) has no string text");
        assertUpstream("{'type':'message','content':[{'type':'tool_use','name':'f','input':{}}]}", "upstream content[0] (tool_use) has no string id");
        assertUpstream("{'type':'error','error':{'type':'api_error','message':'Internal'}}", "upstream returned an error body: Internal");
    }

    private static void assertUpstream(String body, String message) {
        assertThatThrownBy(() -> AnthropicCodec.decodeResponse(json(body)))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void encodeErrorUsesTheAnthropicType() {
        assertThat(Json.write(AnthropicCodec.encodeError(BrokerException.invalid("messages[0].role", "messages[0].role: bad"))))
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages[0].role: bad\"}}");
        assertThat(AnthropicCodec.encodeError(new BrokerException(ErrorKind.UNAVAILABLE, "busy")).path("error").path("type").asText())
                .isEqualTo("overloaded_error");
        assertThat(AnthropicCodec.encodeError(new BrokerException(ErrorKind.RATE_LIMITED, "slow down")).path("error").path("type").asText())
                .isEqualTo("rate_limit_error");
        assertThat(AnthropicCodec.encodeError(new BrokerException(ErrorKind.UPSTREAM, null)).path("error").path("message").asText())
                .isEqualTo("upstream");
    }

    @Test
    void errorMessageReadsCommonShapes() {
        assertThat(AnthropicCodec.errorMessage(json("{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'},'request_id':'r'}")))
                .isEqualTo("Overloaded");
        assertThat(AnthropicCodec.errorMessage(json("{'error':'plain text'}"))).isEqualTo("plain text");
        assertThat(AnthropicCodec.errorMessage(json("{'message':'gateway says no'}"))).isEqualTo("gateway says no");
        assertThat(AnthropicCodec.errorMessage(json("{'error':{'type':'x'}}"))).isNull();
        assertThat(AnthropicCodec.errorMessage(json("{'error':{'message':''}}"))).isNull();
        assertThat(AnthropicCodec.errorMessage(json("'text'"))).isNull();
        assertThat(AnthropicCodec.errorMessage(null)).isNull();
    }
}
