package io.computebroker.bench;

import io.computebroker.classify.CallerSignals;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Message;
import io.computebroker.core.Usage;
import io.computebroker.core.WireFormat;
import io.computebroker.decide.Decision;
import io.computebroker.dispatch.Attempt;
import io.computebroker.identify.Principal;
import io.computebroker.observe.Metrics;
import io.computebroker.observe.ObserveSettings;
import io.computebroker.observe.Tracing;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.pipeline.Wiring;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.Providers;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Pending;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.UsageTotals;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What observability adds to one request, without I/O: the metrics settle (a dozen labelled counter
 * increments and two histogram observations), the six stage spans and one attempt span with tracing
 * off (the default) and on (a recording SDK whose exporter drops spans, so only the SDK's own cost counts).
 *
 * <p>Run: {@code ./broker jmh ObserveBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class ObserveBenchmark {
    Providers providers;
    PolicyStore policies;
    Metrics metrics;
    Tracing on;
    Settlement settlement;
    Decision decision;

    /** Keeps the SDK honest (spans are built and ended) without measuring an exporter. */
    static final class Drop implements SpanExporter {
        @Override public CompletableResultCode export(Collection<SpanData> spans) { return CompletableResultCode.ofSuccess(); }
        @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
        @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    }

    @Setup(Level.Trial)
    public void setUp() {
        BrokerConfig config = ConfigLoader.demo();
        providers = new Providers(config, new Secrets(Map.of(), null));
        policies = PolicyStore.open(null);
        Pipeline pipeline = Wiring.pipeline(config, providers, policies, new UsageTotals());
        ChatRequest request = new ChatRequest("auto", null, List.of(Message.user("Classify this ticket: I was charged twice.")), null, null,
                200, null, null, null, false, false, null, null, null, WireFormat.OPENAI, null);
        Principal principal = Principal.of("key_bench", "bench", null);
        decision = pipeline.explain(request, CallerSignals.NONE, principal);
        var model = decision.chosen();
        Usage usage = new Usage(40, 0, 0, 120, 0);
        Pending pending = new Pending("req_bench", principal, decision, 1000, "h", 0, request);
        settlement = new Settlement("req_bench", principal, decision, model, List.of(new Attempt(model.id(), model.provider(), 1, "ok", null, 900)),
                false, false, usage, CostCalculator.cost(usage, model.price(), false), 200, null, false, 1200, 1200, pending, null, "none", 0);
        metrics = new Metrics(config.models().getLast());
        on = Tracing.of(ObserveSettings.OFF.withExporter(new Drop()), null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        on.close();
        policies.close();
        providers.close();
    }

    @Benchmark
    public void metricsSettle() {
        metrics.settle(settlement);
    }

    @Benchmark
    public void tracingOff() {
        spans(Tracing.OFF);
    }

    @Benchmark
    public void tracingOn() {
        var root = on.request("/v1/chat/completions", "req_bench", h -> null);
        spans(on);
        root.end(200, null);
    }

    private void spans(Tracing t) {
        for (String stage : new String[]{"classify", "decide", "reserve", "cache"}) {
            try (var s = t.stage(stage)) {
                // the stage's own work is not measured here
            }
        }
        try (var s = t.stage("dispatch")) {
            t.upstream(decision.chosen(), 1, () -> null);
        }
        try (var s = t.stage("settle")) {
            t.settle(settlement);
        }
    }
}
