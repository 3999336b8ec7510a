package io.computebroker.cli;

import io.computebroker.report.Erasure;
import io.computebroker.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "erase", mixinStandardHelpOptions = true,
        description = "Erase a tenant's personal fields from the ledger (keys, features, runs, entity types, prompt and"
                + " completion text, decision summaries, errors). Tokens and costs stay, so spend totals do not change.")
final class EraseCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigOptions config;

    @Option(names = "--tenant", required = true, description = "the tenant to erase") String tenant;
    @Option(names = "--yes", description = "do not ask for confirmation") boolean yes;

    @Override
    public Integer call() throws IOException {
        if (tenant.isBlank()) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tenant must not be blank");
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = config.openStore()) {
            Erasure erasure = new Erasure(db);
            if (!yes && !confirmed(out, erasure.erasable(tenant))) {
                out.println("aborted; nothing was erased");
                out.flush();
                return 1;
            }
            long n = erasure.erase(tenant);
            out.println("erased personal fields from " + n + " ledger row" + (n == 1 ? "" : "s") + " of tenant '" + tenant
                    + "' (recorded in erasures)");
        }
        out.flush();
        return 0;
    }

    /** Asks for the tenant name rather than y/n: erasure cannot be undone, so a reflexive 'y' should not do it. */
    private boolean confirmed(PrintWriter out, long rows) throws IOException {
        out.print(rows + " ledger row" + (rows == 1 ? "" : "s") + " of tenant '" + tenant
                + "' hold personal fields; erasing cannot be undone. Type the tenant name to confirm: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        out.println();
        return answer != null && answer.strip().equals(tenant);
    }
}
