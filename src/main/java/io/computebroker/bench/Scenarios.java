package io.computebroker.bench;

import io.computebroker.bench.GatewayProcess.Point;
import io.computebroker.bench.Load.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The bench scenarios. Each measures the mock directly and then the gateway in front of the same
 * mock, in the same run, so the report can subtract one from the other. The gateway is a child JVM
 * ({@link GatewayProcess}); the mock and the load generator share this JVM.
 */
final class Scenarios implements AutoCloseable {
    private final BenchOptions o;
    private final BenchResults results;
    private final MockUpstream mock;
    private GatewayProcess gateway;
    private long gatewayCalls;

    Scenarios(BenchOptions o, BenchResults results) {
        this.o = o;
        this.results = results;
        this.mock = MockUpstream.start("127.0.0.1", 0, o.mockLoops());
    }

    /** Starts the gateway under test (once), recording its start as one cold-start sample. */
    GatewayProcess gateway() {
        if (gateway == null) {
            gateway = o.bareRelay() ? GatewayProcess.startBareRelay(mock.port(), o.jvmOptions()) : GatewayProcess.start(mock.port(), o.jvmOptions());
            log("%s pid %d on port %d (it printed ready in %d ms)", o.bareRelay() ? "bare relay (the floor, in the gateway's place)" : "gateway",
                    gateway.pid(), gateway.port(), gateway.printedReadyMs());
            warmUp();
        }
        return gateway;
    }

    /**
     * Every path the scenarios take, through the gateway, for max(warmup, 8 s) each before anything is
     * measured: the figures are for a gateway whose JIT has compiled its hot code, as in production.
     */
    private void warmUp() {
        MockUpstream.Profile before = mock.profile();
        // C2 needs tens of seconds on two shared cores to compile the request path (a profile showed the
        // compiler thread at 40 % of a core 15 s after start); shorter warm-ups measured the JIT, not the gateway.
        Duration each = o.warmup().compareTo(Duration.ofSeconds(8)) > 0 ? o.warmup() : Duration.ofSeconds(8);
        log("warming the gateway up for %.0f s, then on until its JIT is quiet (not measured)", each.toMillis() * 4 / 1000.0);
        mock.profile(MockUpstream.Profile.FAST.withLatency(0).withPacing(16, 1));
        warmRound(each);
        // Then on until the compiler threads go quiet (C2's queue drains late on two busy cores: a run once
        // measured c=1 while C2 was still compiling the dispatcher, 42 % of the gateway's samples).
        Duration round = Duration.ofSeconds(1);
        long until = System.nanoTime() + MAX_EXTRA_WARMUP.toNanos();
        double jitShare;
        do {
            double j0 = Cpu.jitMs(gateway), t0 = System.nanoTime();
            warmRound(round);
            jitShare = (Cpu.jitMs(gateway) - j0) / ((System.nanoTime() - t0) / 1e6);
        } while (jitShare > QUIET_JIT && System.nanoTime() < until);
        log("warm-up done: the JIT used %.1f %% of a core in the last round", 100 * jitShare);
        mock.profile(before);
    }

    /** Extra warm-up rounds stop once the JIT uses less than this share of a core, or after {@link #MAX_EXTRA_WARMUP}. */
    private static final double QUIET_JIT = 0.03;
    private static final Duration MAX_EXTRA_WARMUP = Duration.ofSeconds(60);

    private void warmRound(Duration each) {
        healthy("warm-up, small prompt", Load.closed(openAi(Requests.SMALL_PROMPT, 50, false).viaGateway(), 4, Duration.ZERO, each));
        healthy("warm-up, 4,000-token prompt", Load.closed(openAi(Requests.longPrompt(4000), 200, false).viaGateway(), 2, Duration.ZERO, each));
        healthy("warm-up, Anthropic wire", Load.closed(anthropic(Requests.SMALL_PROMPT, 50).viaGateway(), 2, Duration.ZERO, each));
        healthy("warm-up, streams", Load.closed(openAi(Requests.SMALL_PROMPT, 100, true).viaGateway(), 4, Duration.ZERO, each));
    }

    /**
     * Stops the run when the gateway failed or answered nothing: a hung or erroring gateway would otherwise
     * yield a table of negative "added" latencies (the empty side's percentiles are zeros).
     */
    private void healthy(String what, Load.Outcome out) {
        if (out.ok() > 0 && out.failed() == 0) return;
        throw new IllegalStateException(String.format(Locale.ROOT, "%s: %d calls answered, %d failed; the gateway is not serving, see %s",
                what, out.ok(), out.failed(), gateway().dir().resolve("gateway.err")));
    }

    // ---- requests ----

    /** The same call to the gateway (model {@code auto}, a real key) and straight to the mock (the upstream's model name). */
    private record Pair(Target direct, Target viaGateway) {}

    private Pair openAi(String prompt, int maxTokens, boolean stream) {
        GatewayProcess g = gateway();
        return new Pair(new Target("127.0.0.1", mock.port(), WireClient.post("127.0.0.1", mock.port(), "/v1/chat/completions", null,
                Requests.chat("mock-small", prompt, maxTokens, stream)), stream),
                new Target("127.0.0.1", g.port(), WireClient.post("127.0.0.1", g.port(), "/v1/chat/completions", g.key(),
                        Requests.chat("auto", prompt, maxTokens, stream)), stream));
    }

    private Pair anthropic(String prompt, int maxTokens) {
        GatewayProcess g = gateway();
        return new Pair(new Target("127.0.0.1", mock.port(), WireClient.post("127.0.0.1", mock.port(), "/v1/messages", null,
                Requests.messages("mock-large", prompt, maxTokens), "anthropic-version", "2023-06-01"), false),
                new Target("127.0.0.1", g.port(), WireClient.post("127.0.0.1", g.port(), "/v1/messages", g.key(),
                        Requests.messages("bench-frontier", prompt, maxTokens), "anthropic-version", "2023-06-01"), false));
    }

    // ---- scenarios ----

    /** Concurrency 1, a 0 ms mock: what the gateway adds to one call when nothing else is happening. */
    void lowLoad() {
        mock.profile(MockUpstream.Profile.FAST.withLatency(0));
        closed("small prompt, concurrency 1", "OpenAI wire, ~30-token prompt, model auto → OpenAI-format upstream",
                openAi(Requests.SMALL_PROMPT, 50, false), 1);
        closed("4,000-token prompt, concurrency 1", "OpenAI wire, ~4,000-token prompt, model auto (the same text every call, so its token estimate is memoised, as for a resent system prompt)",
                openAi(Requests.longPrompt(4000), 200, false), 1);
        closed("small prompt, Anthropic wire, concurrency 1", "Anthropic /v1/messages → Anthropic-format upstream",
                anthropic(Requests.SMALL_PROMPT, 50), 1);
    }

    /** A fixed arrival rate (open loop, latency from the intended send time) with a 0 ms mock. */
    void fixedRate() {
        mock.profile(MockUpstream.Profile.FAST.withLatency(0));
        String name = String.format(Locale.ROOT, "small prompt, fixed rate %.0f/s", o.rate());
        alternate(name, "open loop, latency from the intended send time", openAi(Requests.SMALL_PROMPT, 50, false),
                (t, warm, measure) -> Load.open(t, o.rate(), warm, measure));
    }

    /** Fixed concurrency with a 0 ms mock: the gateway's throughput as a share of the mock's own. */
    void throughput() {
        mock.profile(MockUpstream.Profile.FAST.withLatency(0));
        closed("small prompt, concurrency " + o.concurrency(), "closed loop, 0 ms mock: throughput ratio", openAi(Requests.SMALL_PROMPT, 50, false),
                o.concurrency());
    }

    /** {@code streams} concurrent streams of {@code chunks} chunks every {@code intervalMs}. */
    void streams() {
        mock.profile(MockUpstream.Profile.FAST.withLatency(0).withPacing(o.chunks(), o.intervalMs()));
        Pair p = openAi(Requests.SMALL_PROMPT, 100, true);
        long stall = (o.intervalMs() + o.stallMs()) * 1_000_000L;
        // Ramp: all starts within one stream's length (minus a margin), so every stream is in flight at once.
        Duration ramp = Duration.ofMillis(Math.max(0, (o.chunks() - 1) * o.intervalMs() * 3 / 4));
        // Warm-up at the measured size: at 4 or 200 streams the JIT had not seen the paths a thousand take
        // (perf put C1 + C2 at 12 % of the gateway's samples in the measured window after a 200-stream warm-up).
        log("streams: %d direct", o.streams());
        double self0 = Cpu.selfMs();
        long t0 = System.nanoTime();
        mock.recordLateness();
        Load.StreamOutcome d = Load.streams(p.direct(), o.streams(), ramp, stall);
        Samples.Percentiles directLate = mock.lateness().percentiles();
        double directSeconds = (System.nanoTime() - t0) / 1e9, directSelfMs = Cpu.selfMs() - self0;
        // Right before the measured run, so the gateway's pooled upstream connections are as fresh as the
        // direct run's (the load generator opens its connections before each run, unmeasured): measured
        // after the direct run instead, the pool had idled past its 4 s limit by the end of the ramp and the
        // last quarter of the streams measured reconnects to the mock, whose single thread was then busy.
        log("streams: warm-up through the gateway (%d streams)", o.streams());
        Load.StreamOutcome w = Load.streams(p.viaGateway(), o.streams(), ramp, stall);
        log("streams: %d through the gateway", o.streams());
        double self1 = Cpu.selfMs(), gw1 = Cpu.gatewayMs(gateway);
        long t1 = System.nanoTime();
        mock.recordLateness();
        Load.StreamOutcome g = Load.streams(p.viaGateway(), o.streams(), ramp, stall);
        long t2 = System.nanoTime();
        Samples.Percentiles gatewayLate = mock.lateness().percentiles();
        double viaSeconds = (t2 - t1) / 1e9, gatewayMs = Cpu.gatewayMs(gateway) - gw1, viaSelfMs = Cpu.selfMs() - self1;
        // A pause is logged when it ends: one that ended within the run (or up to a pacing interval after) held it up.
        var pauses = BenchResults.Pauses.of(gateway.gcPauses(), (t1 - gateway.spawnNanos()) / 1e9,
                (t2 - gateway.spawnNanos()) / 1e9 + o.intervalMs() / 1000.0);
        // Per event forwarded (chunks + the closing usage chunk and [DONE]), stream set-up included.
        long events = (long) g.ok() * (o.chunks() + 2);
        var cpu = new BenchResults.StreamCpu(directSelfMs / 1000 / directSeconds, gatewayMs / 1000 / viaSeconds, viaSelfMs / 1000 / viaSeconds,
                events == 0 ? 0 : gatewayMs * 1000 / events);
        gatewayCalls += w.ok() + g.ok();
        results.streams.add(new BenchResults.Streams(String.format(Locale.ROOT, "OpenAI wire, %d chunks every %d ms, starts spread over %d ms",
                o.chunks(), o.intervalMs(), ramp.toMillis()), o.streams(), o.chunks(), o.intervalMs(), o.stallMs(),
                d.peakConcurrent(), g.peakConcurrent(), d.ttft().percentiles(), g.ttft().percentiles(),
                d.maxGap().percentiles(), g.maxGap().percentiles(), d.total().percentiles(), g.total().percentiles(),
                d.stalled(), g.stalled(), d.failed(), g.failed(), cpu, pauses, directLate, gatewayLate));
        log("streams: gateway %d ok, %d stalled, %d failed; TTFT p99 %.2f ms (direct %.2f ms); CPU: load generator + mock %.2f cores "
                        + "direct, %.2f via the gateway; gateway %.2f cores, %.0f µs per event; its GC pauses in the run: %d, %.0f ms in all, longest %.0f ms; "
                        + "the mock's own lateness p99 / max %.1f / %.1f ms direct, %.1f / %.1f ms via the gateway",
                g.ok(), g.stalled(), g.failed(), g.ttft().percentiles().p99(), d.ttft().percentiles().p99(), cpu.directLoadCores(), cpu.viaLoadCores(),
                cpu.gatewayCores(), cpu.gatewayUsPerEvent(), pauses.count(), pauses.totalMs(), pauses.maxMs(),
                directLate.p99(), directLate.max(), gatewayLate.p99(), gatewayLate.max());
    }

    /**
     * A long run at a fixed rate: small calls at {@code soakRate}/s plus paced streams at a tenth of
     * that, with the gateway's RSS sampled every 500 ms and its heap after every GC.
     */
    void soak() {
        GatewayProcess g = gateway();
        mock.profile(MockUpstream.Profile.FAST.withLatency(0).withPacing(o.chunks(), o.intervalMs()));
        Pair calls = openAi(Requests.SMALL_PROMPT, 50, false);
        Pair streams = openAi(Requests.SMALL_PROMPT, 100, true);
        Duration length = Duration.ofMillis((long) (o.soakMinutes() * 60_000));
        double streamRate = Math.max(1, o.soakRate() / 10);
        double from = (System.nanoTime() - g.spawnNanos()) / 1e9;
        log("soak: %.1f min at %.0f calls/s + %.0f streams/s through the gateway", o.soakMinutes(), o.soakRate(), streamRate);
        CompletableFuture<Load.Outcome> s = CompletableFuture.supplyAsync(() -> Load.open(streams.viaGateway(), streamRate, Duration.ZERO, length),
                r -> Thread.ofPlatform().name("soak-streams").start(r));
        Load.Outcome c = Load.open(calls.viaGateway(), o.soakRate(), Duration.ZERO, length);
        Load.Outcome st = s.join();
        gatewayCalls += c.ok() + st.ok();
        double to = (System.nanoTime() - g.spawnNanos()) / 1e9;
        double warm = Math.max(30, (to - from) / 4);
        List<Point> rss = g.rssSeries().stream().filter(p -> p.seconds() >= from && p.seconds() <= to).toList();
        List<Point> heap = g.heapAfterGc().stream().filter(p -> p.seconds() >= from && p.seconds() <= to).toList();
        double rssSlope = BenchResults.slope(rss, from + warm) * 60;
        double heapSlope = BenchResults.slope(heap, from + warm) * 60;
        double peak = rss.stream().mapToDouble(Point::mb).max().orElse(0);
        results.soak = new BenchResults.Soak(o.soakMinutes(), o.soakRate(), streamRate, c.ok() + st.ok(), c.failed() + st.failed(),
                c.latency().percentiles(), from, warm, rssSlope, heapSlope, rss.isEmpty() ? 0 : rss.get(0).mb(),
                rss.isEmpty() ? 0 : rss.get(rss.size() - 1).mb(), peak);
        log("soak: %d ok, %d failed; RSS %.0f → %.0f MB (peak %.0f), slope after warm-up %.2f MB/min, heap-after-GC slope %.2f MB/min",
                c.ok() + st.ok(), c.failed() + st.failed(), results.soak.rssStartMb(), results.soak.rssEndMb(), peak, rssSlope, heapSlope);
    }

    /** Spawns {@code serve} {@code coldStarts} times, each until its first answered call, then stops it. */
    void coldStart() {
        mock.profile(MockUpstream.Profile.FAST.withLatency(0));
        List<Double> served = new ArrayList<>();
        List<Double> listening = new ArrayList<>();
        List<Integer> printed = new ArrayList<>();
        warmHarness();
        for (int i = 0; i < o.coldStarts(); i++) {
            settleDisk();
            try (GatewayProcess g = GatewayProcess.start(mock.port(), o.jvmOptions(), true)) {
                byte[] req = smallCall(g.port(), g.key());
                WireClient.Result r;
                try (WireClient c = new WireClient("127.0.0.1", g.port())) {
                    r = c.call(req);
                }
                if (!r.ok()) throw new IllegalStateException("first call after start failed with HTTP " + r.status());
                double ms = (System.nanoTime() - g.spawnNanos()) / 1e6;
                served.add(ms);
                listening.add(g.listeningMs());
                printed.add(g.printedReadyMs());
                log("cold start %d: listening after %.0f ms (serve printed %d ms), first call answered after %.0f ms", i + 1,
                        g.listeningMs(), g.printedReadyMs(), ms);
            }
        }
        results.coldStart = new BenchResults.ColdStart(served, listening, printed, GatewayProcess.usesStartCache(), GatewayProcess.usesLauncher());
    }

    /**
     * The first spawn's first call used to take 350–450 ms longer than the others': the load generator's
     * client and the mock (this JVM) were still cold, which is the harness's start, not the gateway's.
     * A few hundred calls to the mock directly warm both.
     */
    private void warmHarness() {
        byte[] req = smallCall(mock.port(), null);
        try (WireClient c = new WireClient("127.0.0.1", mock.port())) {
            for (int i = 0; i < 500; i++) c.call(req);
        }
    }

    /** A small OpenAI-wire call to {@code port} (a spawned gateway with its key, or the mock with none). */
    private static byte[] smallCall(int port, String key) {
        return WireClient.post("127.0.0.1", port, "/v1/chat/completions", key, Requests.chat("auto", Requests.SMALL_PROMPT, 50, false));
    }

    /** Flushes dirty pages first, so the previous scenario's ledger writes are not written back during a measured start. */
    private static void settleDisk() {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            // no sync(1): measure anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closed(String name, String how, Pair p, int concurrency) {
        alternate(name, how, p, (t, warm, measure) -> Load.closed(t, concurrency, warm, measure));
    }

    /** One side of a scenario: a load against {@code target}, discarding {@code warm}, then measuring for {@code measure}. */
    private interface Side {
        Load.Outcome run(Target target, Duration warm, Duration measure);
    }

    /**
     * Runs the direct and the gateway side {@code o.rounds()} times in turn, the warm-up and measured time
     * split evenly across the rounds, and pools each side's calls and CPU. This VM's slow spells last seconds:
     * measured in one block each, the same build's added p50 at concurrency 1 ranged 0.23–0.40 ms across seven
     * runs, the direct p50 0.063–0.068 ms and the gateway's CPU per call 302–458 µs, so a spell that fell on
     * the gateway's block alone counted as gateway latency. Alternated, it falls on both sides.
     */
    private void alternate(String name, String how, Pair p, Side side) {
        Duration warm = o.warmup().dividedBy(o.rounds());
        Duration measure = o.measure().dividedBy(o.rounds());
        Phase d = null, g = null;
        for (int round = 1; round <= o.rounds(); round++) {
            String of = o.rounds() == 1 ? "" : String.format(Locale.ROOT, " (round %d of %d)", round, o.rounds());
            log("%s: direct%s", name, of);
            d = Phase.pooled(d, measured(warm, measure, () -> side.run(p.direct(), warm, measure)));
            log("%s: gateway%s", name, of);
            g = Phase.pooled(g, measured(warm, measure, () -> side.run(p.viaGateway(), warm, measure)));
        }
        record(name, how, d, g);
    }

    /** A load phase and the CPU both processes spent in its measured part (after the warm-up). */
    private record Phase(Load.Outcome outcome, Cpu.Window cpu) {
        /** {@code earlier} (null for none) and {@code next} as one phase: calls, latencies, seconds and CPU added up. */
        static Phase pooled(Phase earlier, Phase next) {
            return earlier == null ? next : new Phase(earlier.outcome.plus(next.outcome), earlier.cpu.plus(next.cpu));
        }
    }

    private Phase measured(Duration warm, Duration measure, java.util.function.Supplier<Load.Outcome> phase) {
        long from = System.nanoTime() + warm.toNanos();
        var cpu = Cpu.window(from, from + measure.toNanos(), gateway);
        Load.Outcome out = phase.get();
        return new Phase(out, cpu.join());
    }

    private void record(String name, String how, Phase direct, Phase via) {
        Load.Outcome d = direct.outcome(), g = via.outcome();
        if (d.ok() == 0) throw new IllegalStateException(name + ": no call to the mock completed in the measured window");
        if (g.ok() == 0) healthy(name, g);
        gatewayCalls += g.ok(); // measured calls only: the ledger also has the warm-up's rows, so rows >= calls
        var cpu = new BenchResults.CpuPerCall(direct.cpu().selfUsPer(d.ok()), via.cpu().gatewayUsPer(g.ok()), via.cpu().selfUsPer(g.ok()),
                via.cpu().gatewayCores(), direct.cpu().selfCores());
        var r = new BenchResults.Latency(name, how, d.latency().percentiles(), g.latency().percentiles(), d.throughput(), g.throughput(),
                d.failed(), g.failed(), cpu);
        results.latency.add(r);
        log("%s: added p50 %.3f ms, p99 %.3f ms; %.0f req/s through the gateway = %.1f %% of direct (%.0f req/s); failed %d/%d; "
                        + "gateway CPU %.0f µs/call (%.2f cores, JIT %.1f %% of a core)", name, r.added().p50(), r.added().p99(), r.gatewayRps(),
                100 * r.ratio(), r.directRps(), g.failed(), d.failed(), cpu.gatewayUs(), cpu.gatewayCores(),
                100 * via.cpu().jitMs() / 1000 / Math.max(1e-9, via.cpu().seconds()));
    }

    /** Stops the gateway and records its memory over the whole run and how many ledger rows it settled. */
    @Override
    public void close() {
        if (gateway != null) {
            results.rss = gateway.rssSeries();
            results.heap = gateway.heapAfterGc();
            results.peakRssMb = results.rss.stream().mapToDouble(Point::mb).max().orElse(0);
            gateway.close();
            try {
                if (!o.bareRelay()) results.ledgerRows = gateway.settledRows(); // the relay keeps no ledger
            } catch (RuntimeException e) {
                log("could not read the gateway's ledger: %s", e.getMessage());
            }
            results.gatewayCalls = gatewayCalls;
        }
        mock.close();
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%tT] " + format + "%n", prepend(java.time.LocalTime.now(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
