package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.store.Database;
import io.computebroker.traces.TraceImporter;
import io.computebroker.traces.TraceParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code broker traces import FILE}: provider logs and notebooks into the ledger as external records (seed 004). */
@Command(name = "traces", mixinStandardHelpOptions = true, description = "Import measured traces into the ledger.",
        subcommands = {TracesCommand.Import.class})
final class TracesCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Load a CSV or JSONL trace file as external ledger records; bad rows are reported by line and skipped.")
    static final class Import implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOptions options;
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = "--tenant", defaultValue = "external",
                description = "tenant the records belong to (default: ${DEFAULT-VALUE}; they count toward that tenant's budgets)")
        String tenant;
        @Option(names = "--format", paramLabel = "csv|jsonl", description = "default: from the file name") String format;
        @Option(names = "--strict", description = "import nothing if any row is bad (exit 2)") boolean strict;
        @Option(names = "--dry-run", description = "validate and report, write nothing") boolean dryRun;

        @Override
        public Integer call() {
            BrokerConfig cfg = options.load();
            ModelCatalog catalog = new ModelCatalog(cfg);
            TraceParser.Parsed parsed;
            try {
                TraceParser.Format f = format == null ? TraceParser.formatOf(file) : switch (format.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "csv" -> TraceParser.Format.CSV;
                    case "jsonl", "ndjson" -> TraceParser.Format.JSONL;
                    default -> throw new IllegalArgumentException("--format must be csv or jsonl, not '" + format + "'");
                };
                parsed = new TraceParser(n -> catalog.find(n).orElse(null), cfg.baselineModel().orElse(null), tenant).parse(file, f);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + ": " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (TraceParser.RowError e : parsed.errors()) err.println(file + ": " + e);
            if (!parsed.ignoredColumns().isEmpty()) out.println("ignored columns (not in the trace contract): " + String.join(", ", parsed.ignoredColumns()));
            int code = 0;
            if (dryRun || strict && !parsed.errors().isEmpty()) {
                out.printf("%d valid row(s), %d rejected; nothing written%s%n", parsed.records().size(), parsed.errors().size(),
                        dryRun ? " (dry run)" : " (--strict)");
                code = parsed.errors().isEmpty() ? 0 : 2;
            } else {
                try (Database db = options.openStore()) {
                    TraceImporter.Result r = new TraceImporter(db).write(file.toString(), tenant, parsed.records(), parsed.errors().size(), Instant.now());
                    out.printf("import %s: %d row(s) imported for tenant %s, %d already present, %d rejected%n", r.importId(), r.imported(), tenant,
                            r.duplicates(), parsed.errors().size());
                }
                code = parsed.errors().isEmpty() ? 0 : 1;
            }
            out.flush();
            err.flush();
            return code;
        }
    }
}
