package io.computebroker.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's upstream: an HTTP server on loopback that answers OpenAI {@code /v1/chat/completions}
 * and Anthropic {@code /v1/messages} as cheaply as it can (answers are pre-rendered bytes; the request
 * body is read but not parsed), after a configurable latency, with streams paced at N chunks every M ms
 * on an absolute schedule (so a late chunk is the network's or the gateway's fault, never the mock's).
 * The same instance is measured directly and behind the gateway, so its cost cancels out.
 */
public final class MockUpstream implements AutoCloseable {
    /** How the mock behaves; swapped atomically between phases of a run. */
    public record Profile(long latencyMs, int chunks, long intervalMs, int completionTokens) {
        public static final Profile FAST = new Profile(0, 64, 20, 20);

        public Profile withLatency(long ms) { return new Profile(ms, chunks, intervalMs, completionTokens); }

        public Profile withPacing(int n, long everyMs) { return new Profile(latencyMs, n, everyMs, completionTokens); }
    }

    private final WebServer server;
    private volatile Profile profile = Profile.FAST;
    private final AtomicLong served = new AtomicLong();

    private MockUpstream(String host, int port) {
        this.server = WebServer.builder().host(host).port(port).shutdownHook(false).maxPayloadSize(-1)
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> handle(req, res, false))
                        .post("/v1/messages", (req, res) -> handle(req, res, true)))
                .build();
    }

    public static MockUpstream start(String host, int port) {
        MockUpstream m = new MockUpstream(host, port);
        m.server.start();
        return m;
    }

    public int port() { return server.port(); }

    public Profile profile() { return profile; }

    public void profile(Profile p) { this.profile = p; }

    /** Requests answered since start (both formats). */
    public long served() { return served.get(); }

    private void handle(ServerRequest req, ServerResponse res, boolean anthropic) {
        Profile p = profile;
        int promptTokens;
        boolean stream;
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readAllBytes();
            promptTokens = Math.max(1, body.length / 4);
            stream = contains(body, STREAM_TRUE) || contains(body, STREAM_TRUE_SPACED);
        } catch (IOException e) {
            res.status(400).send("unreadable body");
            return;
        }
        sleepMillis(p.latencyMs());
        served.incrementAndGet();
        if (stream) {
            stream(res, anthropic, p, promptTokens);
        } else {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(anthropic ? anthropicMessage(promptTokens, p.completionTokens()) : openAiCompletion(promptTokens, p.completionTokens()));
        }
    }

    private static void stream(ServerResponse res, boolean anthropic, Profile p, int promptTokens) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        long t0 = System.nanoTime();
        try (OutputStream out = res.outputStream()) {
            if (anthropic) write(out, ANTHROPIC_START.formatted(promptTokens));
            for (int i = 0; i < p.chunks(); i++) {
                // Absolute schedule: chunk i leaves at t0 + i × interval, whatever the previous write cost.
                parkUntil(t0 + i * p.intervalMs() * 1_000_000L);
                write(out, anthropic ? ANTHROPIC_DELTA : (i == 0 ? OPENAI_FIRST : OPENAI_DELTA));
            }
            write(out, anthropic ? ANTHROPIC_END.formatted(p.chunks())
                    : OPENAI_END.formatted(promptTokens, p.chunks(), promptTokens + p.chunks()));
        } catch (IOException | RuntimeException e) {
            // The reader left (the gateway closed its upstream connection); nothing to do.
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static final String ANSWER_WORD = "ok ";

    static byte[] openAiCompletion(int promptTokens, int completionTokens) {
        return ("{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"mock\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER_WORD.repeat(completionTokens).strip()
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":"
                + completionTokens + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] anthropicMessage(int promptTokens, int completionTokens) {
        return ("{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"mock\",\"content\":[{\"type\":\"text\",\"text\":\""
                + ANSWER_WORD.repeat(completionTokens).strip() + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":" + promptTokens + ",\"output_tokens\":" + completionTokens + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private static final String OPENAI_CHUNK = "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"mock\",\"choices\":[{\"index\":0,\"delta\":{%s},\"finish_reason\":%s}]}\n\n";
    private static final String OPENAI_FIRST = OPENAI_CHUNK.formatted("\"role\":\"assistant\",\"content\":\"ok \"", "null");
    private static final String OPENAI_DELTA = OPENAI_CHUNK.formatted("\"content\":\"ok \"", "null");
    private static final String OPENAI_END = OPENAI_CHUNK.formatted("", "\"stop\"")
            + "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"mock\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}}\n\ndata: [DONE]\n\n";
    private static final String ANTHROPIC_START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_mock\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"mock\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":%d,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    private static final String ANTHROPIC_DELTA = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok \"}}\n\n";
    private static final String ANTHROPIC_END = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":%d}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_TRUE_SPACED = "\"stream\": true".getBytes(StandardCharsets.US_ASCII);

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    static void sleepMillis(long ms) {
        if (ms > 0) parkUntil(System.nanoTime() + ms * 1_000_000L);
    }

    /** Sleeps until a System.nanoTime() deadline (virtual-thread friendly; spurious wake-ups re-park). */
    static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) return;
        }
    }

    @Override
    public void close() { server.stop(); }
}
