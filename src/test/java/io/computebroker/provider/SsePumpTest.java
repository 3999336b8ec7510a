package io.computebroker.provider;

import io.computebroker.api.openai.OpenAiStreamDecoder;
import io.computebroker.core.StreamEvent;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's flush rule against a scripted upstream: an event is never held while the pump waits on the
 * network, and events that arrived together are flushed together.
 */
class SsePumpTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static String chunk(String text) {
        return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
    }

    private static String delta(String text) {
        return chunk("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
                + "\"},\"finish_reason\":null}]}\n\n");
    }

    private static final String END = chunk("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
            + chunk("data: [DONE]\n\n") + "0\r\n\r\n";

    /** What the sink saw, in order: "a" + text for a text delta, "F" for a flush, "end" for the finish. */
    private static final class Recorder implements StreamSink {
        final List<String> log = new ArrayList<>();
        final CountDownLatch flushed = new CountDownLatch(1);

        @Override
        public synchronized void accept(StreamEvent event) {
            if (event instanceof StreamEvent.TextDelta t) log.add("a" + t.text());
            if (event instanceof StreamEvent.Finish) log.add("end");
        }

        @Override
        public synchronized void flush() {
            if (log.isEmpty() || log.getLast().equals("F")) return;
            log.add("F");
            flushed.countDown();
        }

        synchronized List<String> log() { return List.copyOf(log); }
    }

    @Test
    void anEventIsFlushedBeforeThePumpWaitsForTheNext() throws Exception {
        Recorder sink = new Recorder();
        CountDownLatch secondSent = new CountDownLatch(1);
        try (var server = new Http1ClientTest.Server((s, in, out) -> {
            Http1ClientTest.readRequest(in);
            write(out, HEAD + delta("one"));
            // The second event goes only once the first has been flushed: a relay that held the first event
            // until more bytes came would wait here until the timeout.
            boolean flushed = await(sink.flushed);
            write(out, delta(flushed ? "two" : "late") + END);
            secondSent.countDown();
        })) {
            Http1Client client = new Http1Client(2_000);
            Http1Client.Response r = client.post(server.uri(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), 10_000);
            SsePump.pump(r.body(), new OpenAiStreamDecoder(), sink, "scripted");
            assertThat(secondSent.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(sink.log()).startsWith("aone", "F", "atwo");
            assertThat(sink.log()).endsWith("end", "F");
            client.close();
        }
    }

    @Test
    void eventsThatArriveTogetherLeaveInOneFlush() throws Exception {
        Recorder sink = new Recorder();
        try (var server = new Http1ClientTest.Server((s, in, out) -> {
            Http1ClientTest.readRequest(in);
            write(out, HEAD + delta("a") + delta("b") + delta("c"));
            await(sink.flushed);
            write(out, END);
        })) {
            Http1Client client = new Http1Client(2_000);
            Http1Client.Response r = client.post(server.uri(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), 10_000);
            SsePump.pump(r.body(), new OpenAiStreamDecoder(), sink, "scripted");
            // One segment on loopback: the three deltas are relayed before the single flush.
            assertThat(sink.log()).containsExactly("aa", "ab", "ac", "F", "end", "F");
            client.close();
        }
    }

    private static void write(OutputStream out, String s) throws java.io.IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
