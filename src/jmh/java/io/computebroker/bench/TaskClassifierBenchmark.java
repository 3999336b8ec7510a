package io.computebroker.bench;

import io.computebroker.classify.task.TaskClassifier;
import io.computebroker.classify.task.TaskPrediction;
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

import java.util.concurrent.TimeUnit;

/**
 * {@link TaskClassifier#classify} with the built-in model on prompts of 100 chars, 2 KB, 16 KB and 128 KB
 * (targets: under 50 µs at 2 KB, under 300 µs at 16 KB; beyond the read window, size should not matter).
 * Sample mode gives p50 and p99 per size.
 *
 * <p>Run: {@code ./broker jmh TaskClassifierBenchmark} (or with JMH options, e.g. {@code -f 1 -wi 3 -i 5}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TaskClassifierBenchmark {
    @Param({"100", "2048", "16384", "131072"})
    int chars;

    TaskClassifier model;
    String prompt;

    @Setup(Level.Trial)
    public void setUp() {
        model = TaskClassifier.builtIn();
        String[] sentences = {
                "Please review the following incident summary and list what went wrong, step by step.",
                "At 02:14 a configuration change removed two healthy backends and error rates climbed to 35 percent.",
                "The on-call engineer rolled back at 02:41; about 18,000 checkout requests failed in between.",
                "Customers asked for clearer status updates, a post-mortem and credits for the failed orders.",
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < chars; i++) sb.append(sentences[i % sentences.length]).append(i % 5 == 4 ? "\n" : " ");
        prompt = sb.substring(0, chars);
    }

    @Benchmark
    public TaskPrediction classify() {
        return model.classify(prompt);
    }
}
