package io.computebroker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The JSON stages of one call: the caller's body decoded to the canonical request, the request
 * encoded for the upstream (same format and the other one), the upstream's answer decoded, and the
 * answer encoded for the caller. Bytes in, bytes out, as on the wire.
 *
 * <p>Run: {@code ./broker jmh CodecBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class CodecBenchmark {
    @Param({"60", "4000"})
    int tokens;

    byte[] openAiRequest;
    byte[] openAiResponse;
    ChatRequest request;
    ChatResponse response;

    @Setup(Level.Trial)
    public void setUp() {
        String prompt = DecideBenchmark.prose(tokens);
        openAiRequest = ("{\"model\":\"auto\",\"max_tokens\":200,\"temperature\":0.2,\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":" + Json.write(Json.MAPPER.getNodeFactory().textNode(prompt))
                + "}]}").getBytes(StandardCharsets.UTF_8);
        openAiResponse = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + "word ".repeat(200).strip() + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":" + tokens + ",\"completion_tokens\":200,\"total_tokens\":" + (tokens + 200) + "}}")
                .getBytes(StandardCharsets.UTF_8);
        request = decodeOpenAiRequest();
        response = OpenAiCodec.decodeResponse(Json.parse(openAiResponse));
    }

    @Benchmark
    public ChatRequest decodeOpenAiRequest() {
        return OpenAiCodec.decodeRequest(Json.parse(openAiRequest));
    }

    @Benchmark
    public byte[] encodeOpenAiUpstreamRequest() {
        return Json.write(OpenAiCodec.encodeRequest(request, "upstream-model")).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] encodeAnthropicUpstreamRequest() {
        return Json.write(AnthropicCodec.encodeRequest(request, "upstream-model", 4096)).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public ChatResponse decodeOpenAiResponse() {
        JsonNode n = Json.parse(openAiResponse);
        return OpenAiCodec.decodeResponse(n);
    }

    @Benchmark
    public byte[] encodeOpenAiResponse() {
        return Json.write(OpenAiCodec.encodeResponse(response, "chatcmpl-2", "auto", 1700000000L)).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] encodeAnthropicResponse() {
        return Json.write(AnthropicCodec.encodeResponse(response, "msg_2", "auto")).getBytes(StandardCharsets.UTF_8);
    }
}
