package io.computebroker.bench;

import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.LedgerSpend;
import io.computebroker.budget.LocalBudgetLedger;
import io.computebroker.budget.LocalRateLimiter;
import io.computebroker.budget.TimeWindow;
import io.computebroker.classify.CallerSignals;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Message;
import io.computebroker.core.WireFormat;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;
import io.computebroker.ledger.Nusd;
import io.computebroker.pipeline.Gate;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.pipeline.Wiring;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.Providers;
import io.computebroker.settle.UsageTotals;
import io.computebroker.store.Database;
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

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reserve stage as the gateway runs it on one node: the worst case reserved atomically against a
 * tenant budget (in-process ledger seeded from SQLite), then settled at a smaller actual cost. Also the
 * signals stage alone (classifier, sensitivity scan, token count) for a short prompt.
 *
 * <p>Run: {@code ./broker jmh ReservationBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class ReservationBenchmark {
    Database db;
    Providers providers;
    PolicyStore policies;
    Pipeline pipeline;
    Gate gate;
    Decision decision;
    ChatRequest request;
    final Principal principal = Principal.of("key_bench", "bench", null);
    final AtomicLong ids = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("jmh-reserve");
        db = Database.open(null, dir);
        BudgetStore budgets = new BudgetStore(db);
        budgets.create(BudgetSpec.tenant("bench", TimeWindow.MONTH, Nusd.of(new BigDecimal("1000000000"))));
        gate = new Gate(budgets, new LocalBudgetLedger(new LedgerSpend(db)), new LocalRateLimiter());
        BrokerConfig config = ConfigLoader.demo();
        providers = new Providers(config, new Secrets(Map.of(), null));
        policies = PolicyStore.open(null);
        pipeline = Wiring.pipeline(config, providers, policies, new UsageTotals());
        request = new ChatRequest("auto", null, List.of(Message.user("Classify this support ticket as billing, technical or account: "
                + "I was charged twice for my subscription this month, please refund the second payment.")), null, null, 50, null, null,
                null, false, false, null, null, null, WireFormat.OPENAI, null);
        decision = pipeline.explain(request, CallerSignals.NONE, principal);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        policies.close();
        providers.close();
        db.close();
    }

    @Benchmark
    public Gate.Ticket reserveAndSettle() {
        Gate.Ticket t = gate.admit("req_" + ids.incrementAndGet(), principal, decision, request, usd -> decision);
        gate.settle(t, principal, 1_000, 10);
        return t;
    }

    @Benchmark
    public Decision signalsAndDecideShort() {
        return pipeline.explain(request, CallerSignals.NONE, principal);
    }
}
