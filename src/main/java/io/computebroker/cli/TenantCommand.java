package io.computebroker.cli;

import io.computebroker.ledger.TenantSettings;
import io.computebroker.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tenant", mixinStandardHelpOptions = true, description = "Per-tenant data handling.",
        subcommands = TenantCommand.Set.class)
final class TenantCommand implements Runnable {
    @Override
    public void run() { new picocli.CommandLine(this).usage(System.out); }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Opt a tenant in or out of storing prompt and completion text in the ledger (off by default).")
    static final class Set implements Runnable {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "TENANT") String tenant;
        @Option(names = "--store-text", negatable = true, description = "store prompt and completion text (default: off)") boolean storeText;
        @Option(names = "--retention-days", description = "delete stored text older than this") Integer retentionDays;

        @Override
        public void run() {
            try (Database db = options.openStore()) {
                new TenantSettings(db).set(tenant, storeText, retentionDays);
            }
            System.out.println("tenant " + tenant + ": text " + (storeText ? "stored" : "not stored")
                    + (retentionDays == null ? "" : ", kept " + retentionDays + " days"));
        }
    }
}
