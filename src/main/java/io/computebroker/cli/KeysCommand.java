package io.computebroker.cli;

import io.computebroker.identify.ApiKey;
import io.computebroker.identify.KeyStore;
import io.computebroker.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.function.Function;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage virtual API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static <T> T withStore(ConfigOptions options, Function<KeyStore, T> work) {
        try (Database db = options.openStore()) {
            return work.apply(new KeyStore(db));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key. It is printed once; the last line of output is the key alone.")
    static final class Create implements Runnable {
        @Mixin ConfigOptions options;
        @Option(names = "--tenant", required = true) String tenant;
        @Option(names = "--name") String name;
        @Option(names = "--sensitivity-floor", description = "least sensitivity for every request on this key (public, internal, confidential, restricted)")
        String floor;
        @Option(names = "--substitution", description = "exact, ceiling or auto (default: the policy's)") String substitution;
        @Option(names = "--feature", description = "feature tag for requests that do not send x-broker-feature") String feature;
        @Option(names = "--rpm", description = "requests per minute limit") Integer rpm;
        @Option(names = "--tpm", description = "tokens per minute limit") Integer tpm;
        @Option(names = "--admin", description = "may read reports and audit under /admin") boolean admin;

        @Override
        public void run() {
            KeyStore.KeyProfile profile = new KeyStore.KeyProfile(
                    floor == null ? null : io.computebroker.classify.sensitivity.Sensitivity.parse(floor),
                    substitution == null ? null : io.computebroker.policy.Substitution.parse(substitution), feature, rpm, tpm, admin);
            KeyStore.Created c = withStore(options, ks -> ks.create(tenant, name, profile));
            System.out.println("created " + c.key().id() + " for tenant '" + tenant + "' (store it now: it is not shown again)");
            System.out.println(c.secret());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (ids and prefixes, never the keys).")
    static final class List implements Runnable {
        @Mixin ConfigOptions options;

        @Override
        public void run() {
            java.util.List<ApiKey> keys = withStore(options, KeyStore::list);
            System.out.printf("%-26s %-16s %-20s %-12s %-24s %s%n", "ID", "TENANT", "NAME", "PREFIX", "CREATED", "STATUS");
            for (ApiKey k : keys) {
                System.out.printf("%-26s %-16s %-20s %-12s %-24s %s%n", k.id(), k.tenant(), k.name() == null ? "" : k.name(),
                        k.prefix() + "…", k.createdAt(), k.active() ? "active" : "revoked " + k.revokedAt());
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id.")
    static final class Revoke implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;
        @Parameters(paramLabel = "KEY_ID") String id;

        @Override
        public Integer call() {
            boolean ok = withStore(options, ks -> ks.revoke(id));
            System.out.println(ok ? "revoked " + id : "no active key with id " + id);
            return ok ? 0 : 1;
        }
    }
}
