package io.computebroker.bench;

import io.computebroker.api.EventBuffer;
import io.computebroker.api.SseEvent;
import io.computebroker.api.SseReader;
import io.computebroker.api.StreamEncoder;
import io.computebroker.api.anthropic.AnthropicStreamEncoder;
import io.computebroker.api.openai.OpenAiStreamDecoder;
import io.computebroker.api.openai.OpenAiStreamEncoder;
import io.computebroker.core.StreamEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * SSE translation, per upstream chunk: an OpenAI-format upstream stream of 64 content chunks (plus
 * finish, usage and [DONE]) read, decoded to canonical events and encoded for an OpenAI caller and for
 * an Anthropic caller. The figure is per chunk (64 operations per invocation).
 *
 * <p>Run: {@code ./broker jmh StreamTranslationBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class StreamTranslationBenchmark {
    static final int CHUNKS = 64;
    byte[] upstream;

    @Setup(Level.Trial)
    public void setUp() {
        String chunk = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{%s},\"finish_reason\":%s}]}\n\n";
        StringBuilder sb = new StringBuilder(chunk.formatted("\"role\":\"assistant\",\"content\":\"\"", "null"));
        for (int i = 0; i < CHUNKS; i++) sb.append(chunk.formatted("\"content\":\"token" + i + " \"", "null"));
        sb.append(chunk.formatted("", "\"stop\""));
        sb.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":64,\"total_tokens\":94}}\n\ndata: [DONE]\n\n");
        upstream = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void openAiToOpenAi(Blackhole bh) throws IOException {
        translate(new OpenAiStreamEncoder("chatcmpl-2", "auto", 1700000000L, true), bh);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNKS)
    public void openAiToAnthropic(Blackhole bh) throws IOException {
        translate(new AnthropicStreamEncoder("msg_2", "auto"), bh);
    }

    private void translate(StreamEncoder encoder, Blackhole bh) throws IOException {
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
        EventBuffer buffer = new EventBuffer(512); // one per stream, as ChatHandler's writer holds
        OutputStream sink = new OutputStream() {
            @Override public void write(int b) { bh.consume(b); }
            @Override public void write(byte[] b, int off, int len) { bh.consume(b); bh.consume(len); }
        };
        try (SseReader reader = new SseReader(new ByteArrayInputStream(upstream))) {
            SseEvent e;
            while (!decoder.finished() && (e = reader.next()) != null) {
                for (StreamEvent ev : decoder.decode(e)) encoder.encodeTo(ev, buffer);
                buffer.writeTo(sink); // as the relay's flush does
            }
            if (!decoder.finished()) for (StreamEvent ev : decoder.end()) encoder.encodeTo(ev, buffer);
            buffer.writeTo(sink);
        }
    }
}
