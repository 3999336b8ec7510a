package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.eval.replay.Replay;
import io.computebroker.ledger.Nusd;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.Providers;
import io.computebroker.report.TimeSpec;
import io.computebroker.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-decide recorded traffic under a candidate policy (no provider is called): counterfactual cost, route mix, boundary violations.")
final class ReplayCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin ConfigOptions options;
    @Option(names = "--policy", required = true, paramLabel = "FILE") Path policy;
    @Option(names = "--since", defaultValue = "30d") String since;
    @Option(names = "--demo", description = "the demo fleet's models (for ledgers written by ./broker demo)") boolean demo;

    @Override
    public Integer call() {
        BrokerConfig config = demo ? ConfigLoader.demo().withServer(options.load().server()) : options.load();
        try (Database db = options.openStore(); Providers providers = new Providers(config, Secrets.fromEnvironment(null))) {
            Replay.Result r = Replay.run(db, config, providers, PolicyStore.load(policy), TimeSpec.parse(since, java.time.Instant.now()));
            System.out.printf(Locale.ROOT, "%d recorded requests; %d re-decided (%d unchanged), %d refused under the candidate%n",
                    r.requests(), r.redecided(), r.unchanged(), r.refused());
            System.out.printf(Locale.ROOT, "cost: recorded $%s -> counterfactual $%s at the same tokens%n",
                    Nusd.usd(r.actualNusd()).setScale(6, RoundingMode.HALF_UP).toPlainString(),
                    Nusd.usd(r.counterfactualNusd()).setScale(6, RoundingMode.HALF_UP).toPlainString());
            System.out.printf("%-28s %8s %8s%n", "MODEL", "BEFORE", "AFTER");
            TreeSet<String> models = new TreeSet<>(r.mixBefore().keySet());
            models.addAll(r.mixAfter().keySet());
            for (String m : models) {
                System.out.printf("%-28s %8d %8d%n", m, r.mixBefore().getOrDefault(m, 0L), r.mixAfter().getOrDefault(m, 0L));
            }
            System.out.println("boundary violations: " + r.boundaryViolations());
            return r.boundaryViolations() == 0 ? 0 : 3;
        }
    }
}
