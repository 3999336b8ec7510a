package io.computebroker.bench;

import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.TimeWindow;
import io.computebroker.identify.KeyStore;
import io.computebroker.ledger.Nusd;
import io.computebroker.store.Database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway under test as its own JVM ({@code java -jar compute-broker.jar serve …}), so its resident
 * memory and its cold start are its own and not the load generator's. Governance is on: a real key
 * for tenant {@code bench}, a tenant budget (so every call reserves and settles), the bench policy
 * (signals with the sensitivity scan, decide), and the ledger journal writing to SQLite. The data
 * directory is prepared through the same stores the CLI uses before the process starts.
 */
final class GatewayProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on http://\\S+ \\(ready in (\\d+) ms\\)");
    private static final Pattern GC_LINE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*?(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** A point of the memory series: seconds since spawn, resident set in MB. */
    record Point(double seconds, double mb) {}

    /** A stop-the-world GC pause: when it ended (seconds since JVM start) and how long it took. */
    record Pause(double seconds, double ms) {}

    private static final Pattern PAUSE_LINE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].* Pause .* (\\d+\\.\\d+)ms$");

    /** The launcher's default JVM options for {@code serve} (see the {@code broker} script). */
    static final List<String> SERVE_JVM_OPTIONS = List.of("-Xms320m", "-Xmx320m", "-XX:G1ReservePercent=25");

    private final Process process;
    private final Path dir;
    private final String key;
    private final int port;
    private final long spawnNanos;
    private final int printedReadyMs;
    private final long listeningNanos;
    private final List<Point> rss = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean sampling = true;

    private GatewayProcess(Process process, Path dir, String key, int port, long spawnNanos, int printedReadyMs, long listeningNanos) {
        this.process = process;
        this.dir = dir;
        this.key = key;
        this.port = port;
        this.spawnNanos = spawnNanos;
        this.printedReadyMs = printedReadyMs;
        this.listeningNanos = listeningNanos;
        this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
    }

    /** Prepares a fresh data directory pointing at {@code mockPort} and starts {@code serve} on a free port. */
    static GatewayProcess start(int mockPort, List<String> jvmOptions) {
        return start(mockPort, jvmOptions, false);
    }

    /**
     * As {@link #start(int, List)}; with {@code viaLauncher}, and when this bench runs from the built jar
     * next to the {@code broker} launcher, spawns {@code ./broker serve} itself (JVM options through
     * {@code BROKER_JAVA_OPTS}), so a cold start counts the launcher's own time as a user sees it.
     */
    static GatewayProcess start(int mockPort, List<String> jvmOptions, boolean viaLauncher) {
        try {
            Path dir = Files.createTempDirectory("broker-bench-gw");
            String key = prepare(dir);
            Path config = dir.resolve("bench-config.yaml");
            Files.writeString(config, config(mockPort));
            Path policy = dir.resolve("bench-policy.yaml");
            Files.writeString(policy, POLICY);
            int port = freePort();
            return spawn(dir, key, port, jvmOptions, viaLauncher, List.of("serve", "--config", config.toString(), "--policy", policy.toString(),
                    "--data-dir", dir.toString(), "--port", String.valueOf(port), "--node", "bench"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link BareRelay} in front of {@code mockPort} as its own JVM, started as the gateway is (same JVM options, same
     * start-up cache), in place of the gateway: {@code broker bench floor}.
     */
    static GatewayProcess startBareRelay(int mockPort, List<String> jvmOptions) {
        try {
            Path dir = Files.createTempDirectory("broker-bench-relay");
            int port = freePort();
            return spawn(dir, "unused", port, jvmOptions, false, List.of("bench", "relay", "--port", String.valueOf(port),
                    "--upstream-port", String.valueOf(mockPort)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GatewayProcess spawn(Path dir, String key, int port, List<String> jvmOptions, boolean viaLauncher, List<String> args)
            throws IOException {
        List<String> jvm = new ArrayList<>(SERVE_JVM_OPTIONS); // what ./broker serve runs with; options given to the bench come after and win
        jvm.addAll(jvmOptions);
        jvm.add("-Xlog:gc:file=" + dir.resolve("gc.log") + ":uptime");
        List<String> cmd = new ArrayList<>();
        Path jar = builtJar();
        Path launcher = viaLauncher ? launcher(jar) : null;
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (launcher != null) { // it adds the start-up cache and -jar itself
            cmd.add(launcher.toString());
            pb.environment().put("BROKER_JAVA_OPTS", String.join(" ", jvm));
        } else if (jar != null) {
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(jvm);
            cmd.addAll(startCache(jar));
            cmd.addAll(List.of("-jar", jar.toString()));
        } else { // from classes (tests, IDE): the same main class
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(jvm);
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "io.computebroker.cli.BrokerCli"));
        }
        cmd.addAll(args);
        long spawn = System.nanoTime();
        Process p = pb.redirectError(dir.resolve("gateway.err").toFile()).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("gateway-stdout").start(() -> readStdout(p, dir, ready));
        int printed;
        try {
            printed = ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            // the JVM reports a bad option on stdout, the process its own failures on stderr
            throw new IllegalStateException("the gateway did not start; see gateway.out and gateway.err in " + dir, e);
        }
        return new GatewayProcess(p, dir, key, port, spawn, printed, System.nanoTime());
    }

    /**
     * The launcher's ahead-of-time cache for {@code serve} ({@code target/broker.aot}, written once per
     * build), when it is there and not older than the jar: the bench starts the gateway as {@code ./broker
     * serve} does.
     */
    /** Whether gateways this bench spawns start from the launcher's ahead-of-time cache. */
    static boolean usesStartCache() {
        Path jar = builtJar();
        return jar != null && !startCache(jar).isEmpty();
    }

    /** {@code ./broker} beside the built jar's {@code target/} directory, or null. */
    static Path launcher(Path jar) {
        Path target = jar == null ? null : jar.toAbsolutePath().getParent();
        Path root = target == null ? null : target.getParent();
        Path l = root == null ? null : root.resolve("broker");
        return l != null && Files.isExecutable(l) ? l : null;
    }

    /** Whether cold starts spawn {@code ./broker serve} rather than {@code java -jar}. */
    static boolean usesLauncher() { return launcher(builtJar()) != null; }

    /** The built jar this JVM runs from ({@code java -jar}), or null when it runs from classes (tests, IDE). */
    private static Path builtJar() {
        String cp = System.getProperty("java.class.path");
        return cp.endsWith(".jar") && !cp.contains(java.io.File.pathSeparator) ? Path.of(cp) : null;
    }

    static List<String> startCache(Path jar) {
        Path aot = jar.resolveSibling("broker.aot");
        try {
            if (Files.isRegularFile(aot) && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                return List.of("-XX:AOTCache=" + aot, "-Xlog:aot*=off", "-Xlog:cds*=off");
            }
        } catch (IOException e) {
            // no cache: a slower start, still a valid run
        }
        return List.of();
    }

    private static void readStdout(Process p, Path dir, CompletableFuture<Integer> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var log = Files.newBufferedWriter(dir.resolve("gateway.out"))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.write(line);
                log.newLine();
                // Flushed when the pipe has nothing more: once per batch the gateway's access log writes (every
                // few ms), not a write call per request in the load generator's process.
                if (!r.ready()) log.flush();
                Matcher m = READY.matcher(line);
                if (m.find()) ready.complete(Integer.parseInt(m.group(1)));
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("the gateway closed its output before it was ready"));
    }

    /** A key for tenant {@code bench} and a monthly tenant budget high enough never to refuse: every call reserves and settles. */
    static String prepare(Path dir) {
        try (Database db = Database.open(null, dir)) {
            String secret = new KeyStore(db).create("bench", "bench").secret();
            new BudgetStore(db).create(BudgetSpec.tenant("bench", TimeWindow.MONTH, Nusd.of(new BigDecimal("1000000"))));
            return secret;
        }
    }

    static String config(int mockPort) {
        return """
                server: {host: 127.0.0.1, port: 0}
                providers:
                  - {id: mock-openai, kind: openai-compatible, baseUrl: "http://127.0.0.1:%1$d/v1", keyRequired: false, timeoutMs: 60000}
                  - {id: mock-anthropic, kind: anthropic, baseUrl: "http://127.0.0.1:%1$d", keyRequired: false, timeoutMs: 60000}
                models:
                  - {id: bench-owned, provider: mock-openai, upstream: mock-small, boundary: owned, contextWindow: 131072,
                     price: {input: 0.02, cachedInput: 0.01, output: 0.08}, capabilities: [chat, tools, json]}
                  - {id: bench-frontier, provider: mock-anthropic, upstream: mock-large, boundary: frontier, contextWindow: 200000,
                     price: {input: 3.00, cachedInput: 0.30, output: 15.00}, capabilities: [chat, tools, vision, json]}
                """.formatted(mockPort);
    }

    /** The built-in policy's defaults and rule, with quality priors for the two bench models. */
    static final String POLICY = """
            defaults:
              substitution: exact
              objective: cheapest
              complexityWeight: 0.12
              unknownQuality: 0.6
              queueTimeoutMs: 2000
              maxAttemptsPerCandidate: 2
              qualityFloor: {default: 0.75, classify: 0.80, extract: 0.80, code: 0.85, math: 0.85, reasoning: 0.88, plan: 0.90}
            rules:
              - name: coding-agents-ceiling
                match: {feature: [claude-code, opencode, coding-agent]}
                set: {substitution: ceiling}
            quality:
              bench-owned: {default: 0.85, classify: 0.93, summarize: 0.88}
              bench-frontier: {default: 0.95}
            """;

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() { return port; }

    String key() { return key; }

    long pid() { return process.pid(); }

    Path dir() { return dir; }

    long spawnNanos() { return spawnNanos; }

    /** What {@code serve} printed as its own start-to-listening time. */
    int printedReadyMs() { return printedReadyMs; }

    /** Spawn to the "listening" line, as the parent saw it (includes JVM start). */
    double listeningMs() { return (listeningNanos - spawnNanos) / 1e6; }

    /** Resident set size now, in MB (from /proc; 0 where there is no /proc). */
    double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    private void sample() {
        while (sampling && process.isAlive()) {
            double mb = rssMb();
            synchronized (rss) {
                rss.add(new Point((System.nanoTime() - spawnNanos) / 1e9, mb));
            }
            MockUpstream.sleepMillis(500);
        }
    }

    /** RSS every 500 ms since spawn. */
    List<Point> rssSeries() {
        synchronized (rss) {
            return List.copyOf(rss);
        }
    }

    /** Heap in use after each GC (from the process's own GC log), seconds since JVM start. */
    List<Point> heapAfterGc() {
        List<Point> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("gc.log"))) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) out.add(new Point(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(3))));
            }
        } catch (IOException e) {
            // no log yet
        }
        return out;
    }

    /** Every pause in the process's own GC log (young, mixed, remark, cleanup, full). */
    List<Pause> gcPauses() {
        try {
            return pauses(Files.readAllLines(dir.resolve("gc.log")));
        } catch (IOException e) {
            return List.of(); // no log yet
        }
    }

    /** The pauses in lines of a {@code -Xlog:gc:…:uptime} log. */
    static List<Pause> pauses(List<String> gcLog) {
        List<Pause> out = new ArrayList<>();
        for (String line : gcLog) {
            Matcher m = PAUSE_LINE.matcher(line);
            if (m.find()) out.add(new Pause(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
        }
        return out;
    }

    /** The ledger's settled row count, read from the gateway's SQLite file (after it has stopped). */
    long settledRows() {
        try (Database db = Database.open(null, dir)) {
            return db.with(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ledger WHERE state = 'settled'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
    }

    /** SIGTERM (the gateway drains its ledger journal on the way out), then a hard kill after 30 s. */
    @Override
    public void close() {
        sampling = false;
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sampler.interrupt();
    }
}
