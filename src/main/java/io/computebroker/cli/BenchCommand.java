package io.computebroker.cli;

import io.computebroker.ledger.LedgerBench;
import io.computebroker.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks outside the unit tests.",
        subcommands = BenchCommand.LedgerWrites.class)
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
}
