package io.computebroker.bench;

import io.computebroker.classify.CallerSignals;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Message;
import io.computebroker.core.WireFormat;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.pipeline.Wiring;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.Providers;
import io.computebroker.settle.UsageTotals;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Signals + decide (the classify and decide stages, no embeddings, no I/O) on a prompt of about 4,000
 * tokens of ordinary prose and on a short one, against the demo fleet and the built-in policy.
 * Sample mode gives the latency distribution (p50, p99). {@code text=repeated} sends the same text every
 * time (a resent system prompt or history: the sensitivity verdict and token estimate of a long block are
 * memoised); {@code text=new} makes every text new (a counter in front, ~2 µs to build), so long blocks are
 * scanned and counted every time.
 *
 * <p>Run: {@code ./broker jmh DecideBenchmark} (or with JMH options, e.g. {@code -f 1 -wi 3 -i 5}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class DecideBenchmark {
    @Param({"4000", "60"})
    int tokens;
    @Param({"repeated", "new"})
    String text;

    Providers providers;
    PolicyStore policies;
    Pipeline pipeline;
    ChatRequest request;
    String base;
    long calls;
    final Principal principal = Principal.of("key_bench", "bench", null);

    @Setup(Level.Trial)
    public void setUp() {
        BrokerConfig config = ConfigLoader.demo();
        providers = new Providers(config, new Secrets(Map.of(), null));
        policies = PolicyStore.open(null);
        pipeline = Wiring.pipeline(config, providers, policies, new UsageTotals());
        base = prose(tokens);
        request = request(base);
    }

    private static ChatRequest request(String prompt) {
        return new ChatRequest("auto", null, List.of(Message.user(prompt)), null, null, 500, null, null, null,
                false, false, null, null, null, WireFormat.OPENAI, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        policies.close();
        providers.close();
    }

    /** Roughly {@code tokens} o200k tokens of varied business prose with numbers and names, no PII. */
    public static String prose(int tokens) {
        return Requests.prose(tokens);
    }

    @Benchmark
    public Decision signalsAndDecide() {
        ChatRequest r = text.equals("new") ? request((calls++) + " " + base) : request;
        return pipeline.explain(r, CallerSignals.NONE, principal);
    }
}
