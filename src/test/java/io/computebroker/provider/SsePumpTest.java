package io.computebroker.provider;

import io.computebroker.api.openai.OpenAiStreamDecoder;
import io.computebroker.core.StreamEvent;
import org.junit.jupiter.api.Test;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** The body's terminating chunk. */
    private static final String LAST_CHUNK = "0\r\n\r\n";
    /** The stream's last events, up to [DONE], without the body's terminating chunk. */
    private static final String END_EVENTS = chunk("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
            + chunk("data: [DONE]\n\n");
    private static final String END = END_EVENTS + LAST_CHUNK;

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

    /** Serves {@code streams} requests on each connection with {@code answer}, in order; counts connections. */
    private static Http1ClientTest.Server upstream(int streams, IntFunction<String> answer) throws IOException {
        return new Http1ClientTest.Server((s, in, out) -> {
            for (int i = 0; i < streams && Http1ClientTest.readRequest(in) != null; i++) write(out, answer.apply(i));
        });
    }

    private static String hostPort(Http1ClientTest.Server server) { return "127.0.0.1:" + server.socket.getLocalPort(); }

    private static void stream(Http1Client client, Http1ClientTest.Server server, StreamSink sink) throws IOException {
        Http1Client.Response r = client.post(server.uri(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), 10_000);
        SsePump.pump(r.body(), new OpenAiStreamDecoder(), sink, "scripted");
    }

    @Test
    void aStreamThatEndedKeepsItsConnectionForTheNext() throws Exception {
        // [DONE] and the body's last chunk in one write (the usual case): read at once, connection pooled.
        try (var server = upstream(3, i -> HEAD + delta("x" + i) + END)) {
            Http1Client client = new Http1Client(2_000);
            for (int i = 0; i < 3; i++) {
                Recorder sink = new Recorder();
                stream(client, server, sink);
                assertThat(sink.log()).containsExactly("ax" + i, "end", "F");
                assertThat(client.idle(hostPort(server))).isEqualTo(1);
            }
            assertThat(server.connections.get()).isEqualTo(1);
            client.close();
        }
    }

    @Test
    void aLastChunkThatComesLaterIsReadAfterTheAnswerWithoutHoldingIt() throws Exception {
        CountDownLatch pumpReturned = new CountDownLatch(1);
        CountDownLatch tailSent = new CountDownLatch(1);
        try (var server = new Http1ClientTest.Server((s, in, out) -> {
            Http1ClientTest.readRequest(in);
            write(out, HEAD + delta("y") + END_EVENTS);
            await(pumpReturned); // a pump that waited for the body's end would only get it after this times out
            write(out, LAST_CHUNK);
            tailSent.countDown();
            if (Http1ClientTest.readRequest(in) != null) write(out, HEAD + delta("again") + END);
        })) {
            Http1Client client = new Http1Client(2_000);
            Recorder sink = new Recorder();
            stream(client, server, sink);
            assertThat(tailSent.getCount()).as("the pump returned before the upstream's last chunk").isEqualTo(1);
            pumpReturned.countDown();
            assertThat(sink.log()).containsExactly("ay", "end", "F");
            assertThat(tailSent.await(5, TimeUnit.SECONDS)).isTrue();
            long until = System.nanoTime() + 5_000_000_000L;
            while (client.idle(hostPort(server)) == 0 && System.nanoTime() < until) Thread.sleep(5);
            assertThat(client.idle(hostPort(server))).isEqualTo(1);
            Recorder again = new Recorder();
            stream(client, server, again);
            assertThat(again.log()).containsExactly("aagain", "end", "F");
            assertThat(server.connections.get()).isEqualTo(1);
            client.close();
        }
    }

    @Test
    void aStreamFromTheJdkClientKeepsItsConnectionToo() throws Exception {
        // TLS upstreams (the frontier APIs) go through the JDK client: closing its body before the last chunk
        // closed the connection, and every stream paid a new handshake. Plain http here, same client code path.
        Semaphore pumpReturned = new Semaphore(0);
        try (var server = new Http1ClientTest.Server((s, in, out) -> {
            for (int i = 0; i < 3 && Http1ClientTest.readRequest(in) != null; i++) {
                write(out, HEAD + delta("t" + i) + END_EVENTS);
                try {
                    pumpReturned.tryAcquire(5, TimeUnit.SECONDS); // the body's last chunk only after the pump returned
                } catch (InterruptedException e) {
                    return;
                }
                write(out, LAST_CHUNK);
            }
        });
             HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 3; i++) {
                var response = jdk.send(HttpRequest.newBuilder(server.uri()).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                CountDownLatch closed = new CountDownLatch(1);
                InputStream body = new FilterInputStream(response.body()) {
                    @Override
                    public void close() throws IOException {
                        super.close();
                        closed.countDown();
                    }
                };
                Recorder sink = new Recorder();
                SsePump.pump(body, new OpenAiStreamDecoder(), sink, "scripted");
                pumpReturned.release();
                assertThat(sink.log()).filteredOn(e -> !e.equals("F")).containsExactly("at" + i, "end"); // flushes depend on the JDK's reads
                assertThat(closed.await(5, TimeUnit.SECONDS)).as("the tail was read and the body closed").isTrue();
            }
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    /** Answers one request, then counts down {@code closed} when the client closes the connection (not when it pools it). */
    private static Http1ClientTest.Server answerOnce(String answer, CountDownLatch closed) throws IOException {
        return new Http1ClientTest.Server((s, in, out) -> {
            Http1ClientTest.readRequest(in);
            write(out, answer);
            if (Http1ClientTest.readRequest(in) == null) closed.countDown();
        });
    }

    @Test
    void bytesBeyondTheTailLimitAfterTheLastEventCloseTheConnection() throws Exception {
        String junk = chunk(": " + "z".repeat(StreamTail.MAX_TAIL) + "\n\n");
        CountDownLatch closed = new CountDownLatch(1);
        try (var server = answerOnce(HEAD + delta("z") + END_EVENTS + junk + LAST_CHUNK, closed)) {
            Http1Client client = new Http1Client(2_000);
            Recorder sink = new Recorder();
            stream(client, server, sink);
            assertThat(sink.log()).containsExactly("az", "end", "F");
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.idle(hostPort(server))).isZero();
            client.close();
        }
    }

    @Test
    void aCallerThatLeftClosesTheUpstreamConnection() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (var server = answerOnce(HEAD + delta("a") + delta("b") + END, closed)) {
            Http1Client client = new Http1Client(2_000);
            StreamSink leaving = StreamSink.of(e -> { throw new UncheckedIOException(new IOException("caller gone")); }, () -> { });
            Http1Client.Response r = client.post(server.uri(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), 10_000);
            assertThatThrownBy(() -> SsePump.pump(r.body(), new OpenAiStreamDecoder(), leaving, "scripted"))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(client.idle(hostPort(server))).isZero();
            client.close();
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
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
