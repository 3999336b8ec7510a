package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;
import io.computebroker.config.Secrets;
import io.computebroker.demo.DemoRun;
import io.computebroker.server.Gateway;
import io.computebroker.settle.UsageTotals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Map;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the gateway with a simulated fleet, send a mixed workload through it, print the bill, keep serving.")
final class DemoCommand implements Runnable {
    @Option(names = "--port", defaultValue = "8080", description = "listen port; a busy port falls back to a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--requests", defaultValue = "60", description = "workload size (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--concurrency", defaultValue = "6", description = "parallel clients (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--exit", description = "exit after printing the table instead of serving until Ctrl-C")
    boolean exit;

    @Option(names = "--data-dir", defaultValue = "./data/demo", description = "store for demo keys (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Override
    public void run() {
        BrokerConfig base = ConfigLoader.demo();
        // The demo's baseline is its own frontier model, so the ledger and the table below agree.
        BrokerConfig config = base.withServer(base.server().withDataDir(dataDir.toString()).withPort(port))
                .withLedger(base.ledger().withBaselineModel("sim-claude-opus-4.8"));
        Gateway gateway;
        var observe = io.computebroker.observe.ObserveSettings.OFF.withAccessLog(dataDir.resolve("access.jsonl").toString())
                .withJvmMetrics(true);
        try {
            gateway = Gateway.start(config, Secrets.fromEnvironment(null), observe);
        } catch (RuntimeException busy) {
            System.out.println("port " + port + " is busy; using a free port instead");
            gateway = Gateway.start(config.withServer(config.server().withPort(0)), Secrets.fromEnvironment(null), observe);
        }
        String url = "http://127.0.0.1:" + gateway.port();
        String key = gateway.keys().create("demo", "demo-" + System.currentTimeMillis()).secret();
        System.out.println("compute-broker demo: gateway on " + url + " with a simulated fleet (answers are marked [simulated])");
        DemoRun.Result result = new DemoRun(url, key, requests, concurrency).run(System.out);
        printTable(gateway.totals().snapshot(), config, result);
        System.out.println("Every call is in the ledger: ./broker report --data-dir " + dataDir + "   (and: audit, budget, erase)");
        if (exit) {
            gateway.close();
            return;
        }
        System.out.println();
        String admin = gateway.keys().create("ops", "demo-admin-" + System.currentTimeMillis(),
                new io.computebroker.identify.KeyStore.KeyProfile(null, null, null, null, null, true)).secret();
        System.out.println("Dashboard: " + url + "/ui/  (sign in with the admin key " + admin + ")");
        System.out.println("Metrics:   " + url + "/metrics   Access log: " + dataDir.resolve("access.jsonl"));
        System.out.println("Still serving on " + url + " — try it (Ctrl-C to stop):");
        System.out.println("  curl -s " + url + "/v1/chat/completions -H 'authorization: Bearer " + key + "' \\");
        System.out.println("       -H 'content-type: application/json' -d '{\"model\":\"sim-qwen3.6-27b\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}'");
        System.out.println("  ANTHROPIC_BASE_URL=" + url + " ANTHROPIC_API_KEY=" + key + " <your Anthropic SDK app>");
        System.out.println("  ./broker run \"Audit the supplier contracts\" --budget 1.00 --watch --url " + url + " --key " + key);
        ServeCommand.awaitShutdown(gateway);
    }

    private static void printTable(Map<String, UsageTotals.Snapshot> rows, BrokerConfig config, DemoRun.Result result) {
        ModelConfig reference = config.baselineModel().orElseThrow();
        String line = "-".repeat(118);
        System.out.println();
        System.out.printf("%-24s %-12s %8s %7s %12s %12s %12s %14s %9s%n", "ROUTE (model)", "BOUNDARY", "REQUESTS", "ERRORS",
                "INPUT TOK", "OUTPUT TOK", "COST USD", "BASELINE USD", "AVG MS");
        System.out.println(line);
        long req = 0, err = 0, in = 0, out = 0;
        BigDecimal cost = BigDecimal.ZERO, baseline = BigDecimal.ZERO;
        for (UsageTotals.Snapshot s : rows.values()) {
            BigDecimal ref = Price.cost(s.inputTokens(), reference.price().input()).add(Price.cost(s.outputTokens(), reference.price().output()));
            System.out.printf("%-24s %-12s %8d %7d %12d %12d %12s %14s %9d%n", s.model(), s.boundary(), s.requests(), s.errors(),
                    s.inputTokens(), s.outputTokens(), usd(s.costUsd()), usd(ref), s.avgLatencyMillis());
            req += s.requests(); err += s.errors(); in += s.inputTokens(); out += s.outputTokens();
            cost = cost.add(s.costUsd());
            baseline = baseline.add(ref);
        }
        System.out.println(line);
        System.out.printf("%-24s %-12s %8d %7d %12d %12d %12s %14s%n", "TOTAL", "", req, err, in, out, usd(cost), usd(baseline));
        if (baseline.signum() > 0) {
            BigDecimal saved = BigDecimal.ONE.subtract(cost.divide(baseline, 6, RoundingMode.HALF_UP)).movePointRight(2);
            System.out.printf("Baseline: the same tokens on %s. Routed cost is %s%% below it. %d calls in %.1f s (%d failed at the client).%n",
                    reference.id(),
                    saved.setScale(1, RoundingMode.HALF_UP).toPlainString(), result.sent(),
                    result.elapsedMillis() / 1000.0, result.failed());
        }
    }

    private static String usd(BigDecimal v) { return "$" + v.setScale(6, RoundingMode.HALF_UP).toPlainString(); }
}
