package io.computebroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Runs a set of scenarios against a fresh gateway process and writes the report: the entry point of {@code broker bench}. */
public final class Bench {
    /** The scenarios, in the order {@code all} runs them. */
    public enum Scenario { COLD_START, LATENCY, RATE, THROUGHPUT, STREAMS, SOAK }

    private Bench() {}

    /**
     * @param command how the run was invoked, for the report
     * @return the report's path
     */
    public static Path run(Set<Scenario> which, BenchOptions options, Path outDir, String command) {
        long t0 = System.nanoTime();
        BenchResults results = new BenchResults(command, machine());
        results.jvmOptions = String.join(" ", options.jvmOptions());
        results.rounds = options.rounds();
        results.bareRelay = options.bareRelay();
        Scenarios.log("machine: %s", results.machine);
        try (Scenarios s = new Scenarios(options, results)) {
            EnumSet<Scenario> set = EnumSet.copyOf(which);
            if (set.contains(Scenario.COLD_START)) s.coldStart();
            if (set.contains(Scenario.LATENCY)) s.lowLoad();
            if (set.contains(Scenario.RATE)) s.fixedRate();
            if (set.contains(Scenario.THROUGHPUT)) s.throughput();
            if (set.contains(Scenario.STREAMS)) s.streams();
            if (set.contains(Scenario.SOAK)) s.soak();
        }
        results.minutes = (System.nanoTime() - t0) / 60e9;
        Path report = BenchReport.write(results, outDir);
        if (!results.rss.isEmpty()) BenchReport.csv(outDir.resolve("memory-rss.csv"), results.rss);
        if (!results.heap.isEmpty()) BenchReport.csv(outDir.resolve("memory-heap.csv"), results.heap);
        Scenarios.log("report: %s", report.toAbsolutePath());
        return report;
    }

    /** CPU model, cores, memory, OS, JDK and the load average when the run started (the machine may be shared). */
    static String machine() {
        String cpu = "unknown CPU";
        String mem = "";
        String load = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format(Locale.ROOT, ", %.0f GiB RAM", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                    .findFirst().orElse("");
            load = ", load average at start " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            // not Linux: keep what we have
        }
        return String.format(Locale.ROOT, "%s, %d cores%s, %s %s, JDK %s%s", cpu, Runtime.getRuntime().availableProcessors(), mem,
                System.getProperty("os.name"), System.getProperty("os.version"), Runtime.version(), load);
    }
}
