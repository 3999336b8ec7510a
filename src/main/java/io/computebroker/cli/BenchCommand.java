package io.computebroker.cli;

import io.computebroker.ledger.LedgerBench;
import io.computebroker.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks outside the unit tests.",
        subcommands = {BenchCommand.LedgerWrites.class, BenchCommand.GatewayLedger.class, BatchBenchCommand.class, BenchScenarioCommands.All.class,
                BenchScenarioCommands.Latency.class, BenchScenarioCommands.Streams.class, BenchScenarioCommands.Soak.class,
                BenchScenarioCommands.ColdStart.class, BenchScenarioCommands.Floor.class, BenchScenarioCommands.Relay.class,
                BenchScenarioCommands.Mock.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() { new picocli.CommandLine(this).usage(System.out); }

    @Command(name = "ledger", mixinStandardHelpOptions = true,
            description = "Sustained ledger write rate with request-path append latency (pending + settled per request).")
    static final class LedgerWrites implements Runnable {
        @Option(names = "--store", description = "postgres://… (default: a fresh SQLite in a temp dir)") String store;
        @Option(names = "--requests", defaultValue = "100000") int requests;
        @Option(names = "--threads", defaultValue = "8") int threads;

        @Override
        public void run() {
            try {
                Path dir = Files.createTempDirectory("broker-bench");
                try (Database db = Database.open(store, dir)) {
                    LedgerBench.Result r = LedgerBench.run(db, dir, requests, threads);
                    System.out.printf(Locale.ROOT, "%s: %,d requests (%,d records) in %.2f s = %,.0f requests/s landed in the store%n",
                            db.kind(), r.requests(), r.requests() * 2, r.seconds(), r.rowsPerSecond());
                    System.out.printf(Locale.ROOT, "request-path append: p50 %.1f µs, p99 %.1f µs, max %.1f ms%n",
                            r.appendP50Nanos() / 1e3, r.appendP99Nanos() / 1e3, r.appendMaxNanos() / 1e6);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Command(name = "ledger-live", mixinStandardHelpOptions = true,
            description = "Ledger write rate with the request path on: clients call a gateway (simulated zero-latency model) "
                    + "for a while; reports requests/s and how fast their ledger rows land.")
    static final class GatewayLedger implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--store", description = "postgres://… (default: SQLite in a temp dir)") String store;
        @Option(names = "--seconds", defaultValue = "20") int seconds;
        @Option(names = "--clients", defaultValue = "32") int clients;

        @Override
        public Integer call() throws Exception {
            Path dir = Files.createTempDirectory("broker-bench");
            var base = io.computebroker.config.ConfigLoaderYaml.parse("""
                    server: {host: 127.0.0.1, port: 0}
                    providers: [{id: sim, kind: simulated}]
                    models: [{id: fast, provider: sim, boundary: owned, price: {input: 0.02, output: 0.08},
                              simulation: {format: openai, latencyMs: 0, tokensPerSecond: 100000000}}]
                    """);
            var config = base.withServer(base.server().withDataDir(dir.toString()))
                    .withLedger(base.ledger().withStore(store).withNode("bench"));
            try (var g = io.computebroker.server.Gateway.start(config, new io.computebroker.config.Secrets(java.util.Map.of(), null))) {
                String key = g.keys().create("bench", "bench").secret();
                var http = java.net.http.HttpClient.newHttpClient();
                var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + g.port() + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + key).header("content-type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"fast\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"classify: refund please\"}]}"))
                        .build();
                var done = new java.util.concurrent.atomic.AtomicLong();
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                long t0 = System.nanoTime();
                try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < clients; c++) {
                        pool.submit(() -> {
                            while (System.nanoTime() < end) {
                                if (http.send(req, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) done.incrementAndGet();
                            }
                            return null;
                        });
                    }
                }
                double run = (System.nanoTime() - t0) / 1e9;
                long f0 = System.nanoTime();
                g.ledger().flush(java.time.Duration.ofMinutes(5));
                double lag = (System.nanoTime() - f0) / 1e9;
                long rows = g.database().with(c -> {
                    try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ledger WHERE state = 'settled'")) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                System.out.printf(Locale.ROOT, "%s: %,d requests in %.1f s = %,.0f requests/s through the gateway (%d clients)%n",
                        g.database().kind(), done.get(), run, done.get() / run, clients);
                System.out.printf(Locale.ROOT, "ledger: %,d settled rows; %.2f s to drain after the load stopped; %,.0f rows/s sustained%n",
                        rows, lag, rows / (run + lag));
                return rows == done.get() ? 0 : 1;
            }
        }
    }
}
