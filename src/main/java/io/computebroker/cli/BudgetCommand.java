package io.computebroker.cli;

import io.computebroker.budget.Budget;
import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.Scope;
import io.computebroker.budget.TimeWindow;
import io.computebroker.budget.Usd;
import io.computebroker.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.function.Function;

/** {@code broker budget set|list|delete}: spend limits per tenant, key, feature or run, in USD. */
@Command(name = "budget", mixinStandardHelpOptions = true, description = "Manage spend budgets.",
        subcommands = {BudgetCommand.Set.class, BudgetCommand.List.class, BudgetCommand.Delete.class})
final class BudgetCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs work on the store that --store, --config (ledger.store) or --data-dir select. */
    static <T> T withStore(ConfigOptions options, Function<BudgetStore, T> work) {
        try (Database db = options.openStore()) {
            return work.apply(new BudgetStore(db));
        }
    }

    /** At most one target below the tenant; none means the tenant's own budget. */
    static final class Target {
        @Option(names = "--key", paramLabel = "ID", description = "a budget for one virtual key") String key;
        @Option(names = "--feature", paramLabel = "F", description = "a budget for one feature tag of the tenant") String feature;
        @Option(names = "--run", paramLabel = "R", description = "a budget for one run tag of the tenant") String run;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create a budget, or change the one with the same target and window.")
    static final class Set implements Runnable {
        @Spec CommandSpec spec;
        @Mixin ConfigOptions options;
        @Option(names = "--tenant", paramLabel = "T", description = "owning tenant (required except for --key)") String tenant;
        @ArgGroup(exclusive = true, multiplicity = "0..1") Target target;
        @Option(names = "--window", required = true, paramLabel = "day|month|total", description = "UTC calendar day, month, or all time")
        String window;
        @Option(names = "--limit", required = true, paramLabel = "USD", description = "hard limit in USD, e.g. 25.00") String limit;
        @Option(names = "--soft", paramLabel = "USD", description = "soft limit in USD: crossing it is reported, not refused") String soft;
        @Option(names = "--action", defaultValue = "reject", paramLabel = "reject|downgrade",
                description = "over the hard limit: refuse, or route to a cheaper model (default: ${DEFAULT-VALUE})")
        String action;

        @Override
        public void run() {
            BudgetSpec wanted;
            try {
                wanted = spec();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Budget b = withStore(options, s -> s.create(wanted));
            System.out.println("budget " + b.id() + ": " + b.describe() + ", limit " + Usd.format(b.limitNusd())
                    + (b.softNusd() == null ? "" : ", soft " + Usd.format(b.softNusd())) + ", " + b.action().wire());
        }

        private BudgetSpec spec() {
            Scope scope = target == null ? Scope.TENANT
                    : target.key != null ? Scope.KEY : target.feature != null ? Scope.FEATURE : Scope.RUN;
            String value = switch (scope) {
                case TENANT -> tenant;
                case KEY -> target.key;
                case FEATURE -> target.feature;
                case RUN -> target.run;
            };
            if (tenant == null && scope != Scope.KEY) throw new IllegalArgumentException("--tenant is required for a " + scope.wire() + " budget");
            Long softNusd = soft == null ? null : Usd.parse(soft);
            BudgetSpec s = new BudgetSpec(tenant, scope, value, TimeWindow.parse(window), Usd.parse(limit), softNusd,
                    BudgetAction.parse(action));
            // Validate as a stored budget would be, before touching the store.
            new Budget("check", s.tenant(), s.scope(), s.scopeValue(), s.window(), s.limitNusd(), s.softNusd(), s.action(), null);
            return s;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List budgets.")
    static final class List implements Runnable {
        @Mixin ConfigOptions options;
        @Option(names = "--tenant", paramLabel = "T", description = "only this tenant's budgets") String tenant;

        @Override
        public void run() {
            java.util.List<Budget> all = withStore(options, BudgetStore::list);
            System.out.printf("%-20s %-16s %-8s %-26s %-6s %14s %14s %s%n", "ID", "TENANT", "SCOPE", "VALUE", "WINDOW", "LIMIT USD", "SOFT USD", "ACTION");
            for (Budget b : all) {
                if (tenant != null && !tenant.equals(b.tenant())) continue;
                System.out.printf("%-20s %-16s %-8s %-26s %-6s %14s %14s %s%n", b.id(), b.tenant() == null ? "" : b.tenant(),
                        b.scope().wire(), b.scopeValue(), b.window().wire(), Usd.format(b.limitNusd()),
                        b.softNusd() == null ? "" : Usd.format(b.softNusd()), b.action().wire());
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a budget by id.")
    static final class Delete implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "BUDGET_ID") String id;

        @Override
        public Integer call() {
            boolean ok = withStore(options, s -> s.delete(id));
            System.out.println(ok ? "deleted " + id : "no budget with id " + id);
            return ok ? 0 : 1;
        }
    }
}
