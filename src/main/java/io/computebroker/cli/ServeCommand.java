package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.Secrets;
import io.computebroker.identify.KeyStore;
import io.computebroker.server.Gateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway (the production entry point).")
final class ServeCommand implements Runnable {
    @Mixin ConfigOptions options;

    @Option(names = "--port", description = "listen port (default: server.port, 8080)")
    Integer port;

    @Option(names = "--policy", paramLabel = "FILE", description = "routing policy YAML, hot-reloaded (default: built-in)")
    Path policy;

    @Option(names = "--redis", paramLabel = "URL", description = "redis://host:6379 for budgets and rate limits shared by nodes")
    String redis;

    @Option(names = "--node", description = "this node's name in the ledger (default: host name + data dir hash)")
    String node;

    @Option(names = "--secrets", paramLabel = "FILE", description = "NAME=value file with provider API keys (env wins)")
    Path secrets;

    @Option(names = "--prices-from", paramLabel = "FILE|URL", description = "refresh prices from this marketplace model list (OpenRouter shape)")
    String pricesFrom;

    @Option(names = "--prices-every", paramLabel = "MINUTES", description = "price refresh interval (default: economics.pricesRefreshMinutes, 60)")
    Integer pricesEvery;
    @Option(names = "--access-log", defaultValue = "stdout", paramLabel = "stdout|stderr|off|FILE",
            description = "one JSON line per request, no prompt text (default: ${DEFAULT-VALUE})")
    String accessLog;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "send OpenTelemetry traces over OTLP/HTTP, e.g. http://collector:4318/v1/traces "
                    + "(default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT; none: off)")
    String otlpEndpoint;

    @Override
    public void run() {
        long t0 = System.nanoTime();
        Gateway.preload(); // overlaps the slow class and model loading with reading the configuration
        BrokerConfig config = ConfigOptions.withPort(options.load(), port);
        if (policy != null) config = config.withServer(config.server().withPolicyFile(policy.toString()));
        if (redis != null) config = config.withLedger(config.ledger().withRedis(redis));
        if (node != null) config = config.withLedger(config.ledger().withNode(node));
        if (pricesFrom != null) config = config.withEconomics(config.economics().withPricesFrom(pricesFrom));
        if (pricesEvery != null) config = config.withEconomics(config.economics().withRefreshMinutes(pricesEvery));
        Path secretsFile = secrets != null ? secrets
                : config.server().secretsFile() != null ? Path.of(config.server().secretsFile()) : null;
        var observe = io.computebroker.observe.ObserveSettings.fromEnvironment(System.getenv(), accessLog, otlpEndpoint);
        Gateway gateway = Gateway.start(config, Secrets.fromEnvironment(secretsFile), observe);
        printFirstKey(gateway.keys());
        gateway.providers().statuses().forEach(s -> System.out.printf("provider %-18s %-18s %s%n", s.id(), s.kind(),
                s.available() ? "available" : "unavailable (" + s.reason() + ")"));
        System.out.println("ledger " + gateway.database() + ", node " + gateway.ledger().node()
                + (config.ledger().redis() == null ? "" : ", shared counters in " + config.ledger().redis()));
        System.out.println("prices " + gateway.economics().priceVersion() + (config.economics().pricesFrom() == null ? ""
                : ", refreshed from " + config.economics().pricesFrom() + " every " + config.economics().pricesRefreshMinutes() + " min"));
        System.out.println("policy " + gateway.policies().current().version()
                + (config.server().policyFile() == null ? " (built-in)" : " from " + config.server().policyFile() + " (hot-reloaded)"));
        System.out.println("metrics at /metrics, dashboard at /ui (admin key: broker keys create --tenant ops --admin)"
                + (observe.otlpEndpoint() == null ? "" : ", traces to " + observe.otlpEndpoint()));
        System.out.printf("compute-broker listening on http://%s:%d (ready in %d ms)%n",
                config.server().host(), gateway.port(), (System.nanoTime() - t0) / 1_000_000);
        awaitShutdown(gateway);
    }

    /** On first start there are no keys and no unauthenticated mode: make one and show it once. */
    static void printFirstKey(KeyStore keys) {
        if (keys.countActive() > 0) return;
        KeyStore.Created created = keys.create("default", "first-start");
        System.out.println("No API keys existed, so one was created for tenant 'default'. It is shown only now:");
        System.out.println("  " + created.secret());
    }

    static void awaitShutdown(Gateway gateway) {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            done.countDown();
        }, "broker-shutdown"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
