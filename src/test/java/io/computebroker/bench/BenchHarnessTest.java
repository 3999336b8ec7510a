package io.computebroker.bench;

import io.computebroker.bench.GatewayProcess.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness's own parts: mock upstream, wire client, load shapes, statistics, report. No timing assertions. */
class BenchHarnessTest {
    static MockUpstream mock;

    @BeforeAll
    static void start() { mock = MockUpstream.start("127.0.0.1", 0); }

    @AfterAll
    static void stop() { mock.close(); }

    private static byte[] chat(boolean stream) {
        return WireClient.post("127.0.0.1", mock.port(), "/v1/chat/completions", null,
                "{\"model\":\"m\",\"max_tokens\":5" + (stream ? ",\"stream\":true" : "") + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void mockAnswersBothFormatsAndTheClientKeepsTheConnection() {
        mock.profile(MockUpstream.Profile.FAST.withPacing(5, 1));
        try (WireClient c = new WireClient("127.0.0.1", mock.port())) {
            WireClient.Result plain = c.call(chat(false));
            assertThat(plain.ok()).isTrue();
            assertThat(plain.events()).isZero();
            WireClient.Result stream = c.call(chat(true));
            assertThat(stream.ok()).isTrue();
            // 5 content chunks + finish + usage + [DONE]
            assertThat(stream.events()).isEqualTo(8);
            assertThat(stream.ttftNanos()).isPositive().isLessThanOrEqualTo(stream.totalNanos());
            WireClient.Result anthropic = c.call(WireClient.post("127.0.0.1", mock.port(), "/v1/messages", null,
                    "{\"model\":\"m\",\"max_tokens\":5,\"stream\": true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "anthropic-version", "2023-06-01"));
            assertThat(anthropic.ok()).isTrue();
            // message_start, content_block_start (one write), 5 deltas, block stop, message_delta, message_stop
            assertThat(anthropic.events()).isEqualTo(10);
        }
    }

    @Test
    void theBareRelayPassesAnswersAndStreamsThroughUnchanged() {
        mock.profile(MockUpstream.Profile.FAST.withPacing(5, 1));
        try (BareRelay relay = BareRelay.start("127.0.0.1", 0, mock.port());
             WireClient direct = new WireClient("127.0.0.1", mock.port());
             WireClient via = new WireClient("127.0.0.1", relay.port())) {
            for (int i = 0; i < 3; i++) { // keep-alive on both sides: the relay's upstream connection goes back to its pool
                WireClient.Result plain = via.call(chat(false));
                assertThat(plain.ok()).isTrue();
                assertThat(plain.status()).isEqualTo(200);
                WireClient.Result stream = via.call(chat(true));
                assertThat(stream.ok()).isTrue();
                assertThat(stream.events()).isEqualTo(direct.call(chat(true)).events()).isEqualTo(8);
            }
            WireClient.Result anthropic = via.call(WireClient.post("127.0.0.1", relay.port(), "/v1/messages", null,
                    "{\"model\":\"m\",\"max_tokens\":5,\"stream\": true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "anthropic-version", "2023-06-01"));
            assertThat(anthropic.ok()).isTrue();
            assertThat(anthropic.events()).isEqualTo(10);
        } finally {
            mock.profile(MockUpstream.Profile.FAST);
        }
    }

    @Test
    void benchFloorSpawnsTheRelayAsTheGatewayIsSpawned() {
        // `broker bench relay` in its own JVM, announced with the line the bench waits for (as serve's)
        try (GatewayProcess relay = GatewayProcess.startBareRelay(mock.port(), List.of());
             WireClient via = new WireClient("127.0.0.1", relay.port())) {
            assertThat(relay.printedReadyMs()).isNotNegative();
            WireClient.Result r = via.call(chat(false));
            assertThat(r.ok()).isTrue();
            assertThat(relay.rssMb()).isPositive();
        }
    }

    @Test
    void mockWaitsOutItsLatencyAndRefusesWhatItDoesNotServe() throws Exception {
        mock.profile(MockUpstream.Profile.FAST.withLatency(25).withPacing(2, 1));
        try (WireClient c = new WireClient("127.0.0.1", mock.port())) {
            WireClient.Result plain = c.call(chat(false));
            assertThat(plain.ok()).isTrue();
            // A lower bound only: the answer cannot leave before its latency (timer queue), however fast the machine.
            assertThat(plain.totalNanos()).isGreaterThanOrEqualTo(25_000_000L);
            WireClient.Result stream = c.call(chat(true));
            assertThat(stream.ok()).isTrue();
            assertThat(stream.ttftNanos()).isGreaterThanOrEqualTo(25_000_000L);
        } finally {
            mock.profile(MockUpstream.Profile.FAST);
        }
        assertThat(rawStatus("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo("HTTP/1.1 404 Not Found");
        assertThat(rawStatus("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n{}")).isEqualTo("HTTP/1.1 411 Length Required");
    }

    private static String rawStatus(String request) throws Exception {
        try (var s = new java.net.Socket("127.0.0.1", mock.port())) {
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void aStreamCutShortIsNotComplete() throws Exception {
        // A server that sends two SSE events and closes without [DONE].
        try (var server = new java.net.ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (var s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
                            + "data: {\"a\":1}\n\ndata: {\"a\":2}\n\n").getBytes());
                } catch (Exception ignored) {
                    // test server
                }
            });
            try (WireClient c = new WireClient("127.0.0.1", server.getLocalPort())) {
                WireClient.Result r = c.call(WireClient.post("127.0.0.1", server.getLocalPort(), "/", null, "{}"));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.events()).isEqualTo(2);
                assertThat(r.ok()).isFalse();
            }
        }
    }

    @Test
    void loadShapesCountWhatTheyDo() {
        mock.profile(MockUpstream.Profile.FAST.withPacing(4, 2));
        Load.Target plain = new Load.Target("127.0.0.1", mock.port(), chat(false), false);
        long before = mock.served();
        Load.Outcome closed = Load.closed(plain, 3, Duration.ZERO, Duration.ofMillis(300), 2);
        assertThat(closed.ok()).isPositive();
        assertThat(closed.failed()).isZero();
        assertThat(mock.served() - before).isGreaterThanOrEqualTo(closed.ok());
        Load.Outcome onPlatformThreads = Load.closed(plain, 2, Duration.ZERO, Duration.ofMillis(300), 2);
        assertThat(onPlatformThreads.ok()).isPositive();
        assertThat(onPlatformThreads.failed()).isZero();
        Load.Outcome open = Load.open(plain, 100, Duration.ZERO, Duration.ofMillis(200));
        assertThat(open.ok() + open.failed()).isEqualTo(20);
        Load.StreamOutcome s = Load.streams(new Load.Target("127.0.0.1", mock.port(), chat(true), true), 20, Duration.ofMillis(5),
                Duration.ofSeconds(10).toNanos());
        assertThat(s.ok()).isEqualTo(20);
        assertThat(s.stalled()).isZero();
        assertThat(s.peakConcurrent()).isBetween(1, 20);
        assertThat(s.ttft().size()).isEqualTo(20);
    }

    @Test
    void closedLoopWorkersArePlatformThreadsUpToOnePerCore() {
        assertThat(Load.workers(1, 2).newThread(() -> {}).isVirtual()).isFalse();
        assertThat(Load.workers(2, 2).newThread(() -> {}).isVirtual()).isFalse();
        assertThat(Load.workers(3, 2).newThread(() -> {}).isVirtual()).isTrue();
        assertThat(Load.workers(50, 2).newThread(() -> {}).isVirtual()).isTrue();
        assertThat(Load.workers(1, 2).newThread(() -> {}).isDaemon()).isTrue(); // a hung worker never holds the JVM open
    }

    @Test
    void roundsPoolTheirCallsLatenciesSecondsAndCpu() {
        Samples fast = new Samples(), slow = new Samples();
        for (int i = 1; i <= 50; i++) fast.add(i * 1_000_000L);       // 1..50 ms
        for (int i = 51; i <= 100; i++) slow.add(i * 1_000_000L);     // 51..100 ms
        Load.Outcome both = new Load.Outcome(fast, 50, 1, 1.0).plus(new Load.Outcome(slow, 150, 2, 2.0));
        assertThat(both.ok()).isEqualTo(200);
        assertThat(both.failed()).isEqualTo(3);
        assertThat(both.throughput()).isEqualTo(200 / 3.0);          // calls over both windows' seconds, not a mean of rates
        assertThat(both.latency().percentiles().p50()).isEqualTo(50.0);
        assertThat(both.latency().percentiles().p99()).isEqualTo(99.0);
        assertThat(fast.size()).isEqualTo(50);                         // the rounds' own samples are left as they were
        Cpu.Window w = new Cpu.Window(10, 300, 5, 1).plus(new Cpu.Window(30, 500, 1, 3));
        assertThat(w.gatewayUsPer(200)).isEqualTo(4000.0);
        assertThat(w.gatewayCores()).isEqualTo(0.2);
        assertThat(w.selfCores()).isEqualTo(0.01);
        assertThat(w.jitMs()).isEqualTo(6.0);
        assertThatThrownBy(() -> new BenchOptions(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, List.of(), false))
                .hasMessageContaining("rounds must be at least 1");
    }

    @Test
    void percentilesAndSlopes() {
        Samples s = new Samples();
        for (int i = 1; i <= 100; i++) s.add(i * 1_000_000L);
        Samples.Percentiles p = s.percentiles();
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p90()).isEqualTo(90.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.max()).isEqualTo(100.0);
        assertThat(p.minus(new Samples.Percentiles(100, 10, 20, 30, 40, 5)).p99()).isEqualTo(69.0);
        List<Point> rising = new ArrayList<>();
        for (int t = 0; t < 60; t++) rising.add(new Point(t, 100 + 0.5 * t + (t < 10 ? 50 : 0)));
        assertThat(BenchResults.slope(rising, 10)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(BenchResults.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void reportHasTablesTargetsAndCharts() throws Exception {
        BenchResults r = new BenchResults("./broker bench test", "test machine");
        Samples.Percentiles direct = new Samples.Percentiles(10, 0.1, 0.2, 0.3, 0.4, 0.15);
        Samples.Percentiles via = new Samples.Percentiles(10, 0.3, 0.5, 1.5, 2.0, 0.4);
        r.latency.add(new BenchResults.Latency("small prompt, concurrency 1", "x", direct, via, 1000, 500, 0, 0, BenchResults.CpuPerCall.NONE));
        r.latency.add(new BenchResults.Latency("small prompt, concurrency 50", "closed loop, 0 ms mock: throughput ratio", direct, via, 1000, 300, 0, 0, BenchResults.CpuPerCall.NONE));
        r.rss = List.of(new Point(0, 100), new Point(1, 120), new Point(2, 121));
        r.peakRssMb = 121;
        r.rounds = 3;
        Path dir = Files.createTempDirectory("bench-report");
        Path md = BenchReport.write(r, dir);
        String text = Files.readString(md);
        assertThat(text).contains("| small prompt, concurrency 1 |").contains("**0.200 / 0.300 / 1.200 / 1.600**")
                .contains("| added latency p50 ≤ 0.25 ms (concurrency 1) | 0.200 ms | yes |")
                .contains("| added latency p99 ≤ 1 ms (concurrency 1) | 1.200 ms | **no** |")
                .contains("30.0 %").contains("![memory.png](memory.png)")
                .contains("both measured in this run, each latency scenario's sides alternated 3 times and pooled; "
                        + "closed-loop workers are platform threads up to one per core, virtual threads above.")
                .contains("governance on: API key").doesNotContain("bare relay");
        r.bareRelay = true; // bench floor: the report says what stood in the gateway's place
        assertThat(BenchReport.markdown(r, List.of())).contains("in the gateway's place, the bare relay").doesNotContain("governance on");
        for (String png : List.of("latency.png", "throughput.png", "memory.png")) {
            byte[] b = Files.readAllBytes(dir.resolve(png));
            assertThat(b.length).isGreaterThan(1000);
            assertThat(javax.imageio.ImageIO.read(dir.resolve(png).toFile()).getWidth()).isEqualTo(960);
        }
    }
    @Test
    void aTimerTurnRunsOnlyWhatWasQueuedAndDueWhenItBegan() {
        TimerQueue<String> q = new TimerQueue<>();
        q.schedule("b", 20);
        q.schedule("a", 10);
        q.schedule("later", 1_000);
        List<String> ran = new ArrayList<>();
        // "a" re-arms itself already due, as a paced stream behind its schedule does: it waits for the next turn,
        // else a loop behind its timers never gets back to its sockets.
        TimerQueue.Action<String> rearmA = (item, late) -> {
            ran.add(item);
            if (item.equals("a") && ran.size() == 1) q.schedule("a", 30);
        };
        assertThat(q.runTurn(100, rearmA)).isEqualTo(2);
        assertThat(ran).containsExactly("a", "b");
        assertThat(q.nanosUntilNext(100)).isZero();
        assertThat(q.runTurn(100, (item, late) -> ran.add(item))).isEqualTo(1);
        assertThat(ran).containsExactly("a", "b", "a");
        assertThat(q.nanosUntilNext(100)).isEqualTo(900);
        assertThat(q.runTurn(100, (item, late) -> ran.add(item))).isZero();
        assertThat(q.runTurn(1_000, (item, late) -> ran.add(item))).isEqualTo(1);
        assertThat(q.nanosUntilNext(1_000)).isEqualTo(-1);
    }

    @Test
    void aMockWithSeveralLoopsServesEveryConnectionAndRecordsHowLateItsChunksLeft() {
        try (MockUpstream m = MockUpstream.start("127.0.0.1", 0, 3)) {
            m.profile(MockUpstream.Profile.FAST.withPacing(4, 1));
            m.recordLateness();
            Load.StreamOutcome s = Load.streams(new Load.Target("127.0.0.1", m.port(),
                    WireClient.post("127.0.0.1", m.port(), "/v1/chat/completions", null,
                            "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), true),
                    9, Duration.ofMillis(5), Duration.ofSeconds(10).toNanos());
            assertThat(s.ok()).isEqualTo(9);
            // Chunks 1..3 of each stream leave on a timer (chunk 0 and the closing events at once).
            Samples late = m.lateness();
            assertThat(late.size()).isEqualTo(9 * 3);
            assertThat(late.percentiles().p50()).isNotNegative();
            assertThat(m.lateness().size()).isZero(); // taken: recording stopped
        }
    }

    @Test
    void gcPausesAreReadFromTheLogAndCountedInsideAWindow() {
        List<GatewayProcess.Pause> pauses = GatewayProcess.pauses(List.of(
                "[0.008s] Using G1",
                "[57.1s] GC(40) Pause Young (Normal) (G1 Evacuation Pause) 254M->88M(320M) 3.250ms",
                "[59.287s] GC(41) Pause Young (Normal) (G1 Evacuation Pause) 254M->123M(320M) 65.210ms",
                "[59.9s] GC(42) Pause Remark 133M->117M(214M) 11.934ms",
                "[59.95s] GC(42) Pause Cleanup 121M->121M(214M) 0.052ms",
                "[60.1s] GC(43) Concurrent Mark Cycle 180.123ms",
                "[64.0s] GC(44) Pause Young (Normal) (G1 Evacuation Pause) 255M->92M(320M) 16.249ms"));
        assertThat(pauses).extracting(GatewayProcess.Pause::ms).containsExactly(3.25, 65.21, 11.934, 0.052, 16.249);
        assertThat(pauses.get(1).seconds()).isEqualTo(59.287);
        BenchResults.Pauses in = BenchResults.Pauses.of(pauses, 58, 61); // the concurrent cycle is not a pause
        assertThat(in.count()).isEqualTo(3);
        assertThat(in.totalMs()).isCloseTo(77.196, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(in.maxMs()).isEqualTo(65.21);
        assertThat(BenchResults.Pauses.of(pauses, 61, 63).count()).isZero();
    }
}
