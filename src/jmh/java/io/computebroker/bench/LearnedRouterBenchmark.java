package io.computebroker.bench;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.router.LearnedRouter;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link LearnedRouter#choose} (hashed features + one logistic model per candidate) on prompts of 100
 * chars and 100 KB; the budget is well under a millisecond without embeddings. Timing lives here,
 * not in a unit test, so no test depends on the machine's speed.
 *
 * <p>Run: {@code ./broker jmh LearnedRouterBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class LearnedRouterBenchmark {
    @Param({"100", "100000"})
    int chars;

    LearnedRouter router;
    String prompt;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(3);
        String[] words = {"weather", "forecast", "prove", "theorem", "please", "tell", "about", "today"};
        List<RoutingExample> data = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            boolean easy = rnd.nextBoolean();
            StringBuilder p = new StringBuilder(easy ? "weather forecast" : "prove theorem");
            for (int w = 0; w < 6; w++) p.append(' ').append(words[rnd.nextInt(words.length)]);
            data.add(new RoutingExample("b" + i, p.toString(), "qa",
                    Map.of("cheap", new ModelResult(easy ? 1 : 0, 0.001, null), "pricey", new ModelResult(1, 0.01, null))));
        }
        router = LearnedRouter.train(data, LearnedRouter.Options.defaults());
        prompt = "word ".repeat(chars / 5 + 1).substring(0, chars);
    }

    @Benchmark
    public String choose() {
        return router.choose(prompt, "qa", 0.05);
    }
}
