package io.computebroker.server;

import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.Scope;
import io.computebroker.budget.TimeWindow;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.demo.DemoClient;
import io.computebroker.demo.DemoWorkload;
import io.computebroker.identify.KeyStore;
import io.computebroker.observe.ObserveSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway the browser test looks at ({@code ./broker test --browser}): the simulated fleet split
 * over an owned GPU provider (with a concurrency limit and a hardware profile), a marketplace and a
 * frontier provider; three tenants with budgets; and the demo workload sent through real HTTP in waves
 * a few seconds apart, so the time series has shape. Writes {@code {"url","admin_key"}} to the file named
 * by the first argument once the traffic is in, then serves until killed.
 *
 * <p>Not a unit test (no {@code Test} suffix): a main the launcher runs on the test classpath.
 */
public final class DashboardFixture {
    static final String CONFIG = """
            server: {host: 127.0.0.1, port: 0, dataDir: "%s"}
            ledger: {baselineModel: sim-claude-opus-4.8}
            providers:
              - {id: gpu-pool, kind: simulated, maxConcurrency: 4,
                 hardware: {accelerator: L40S, count: 2, monthlyCostUsd: 3800, throughputTokensPerSecond: 2500}}
              - {id: marketplace, kind: simulated}
              - {id: anthropic-sim, kind: simulated}
            models:
              - {id: sim-qwen3.6-27b, provider: gpu-pool, boundary: owned, region: eu-west, price: {input: 0.02, cachedInput: 0.01, output: 0.08},
                 capabilities: [chat, tools, json], simulation: {format: openai, latencyMs: 30, tokensPerSecond: 400}}
              - {id: sim-kimi-k2.6, provider: marketplace, boundary: marketplace, region: global, price: {input: 0.60, cachedInput: 0.15, output: 2.50},
                 capabilities: [chat, tools, json], simulation: {format: openai, latencyMs: 120, tokensPerSecond: 300}}
              - {id: sim-claude-sonnet-4.6, provider: anthropic-sim, boundary: frontier, region: us, price: {input: 3.00, cachedInput: 0.30, output: 15.00},
                 capabilities: [chat, tools, vision, json], simulation: {format: anthropic, latencyMs: 200, tokensPerSecond: 250}}
              - {id: sim-claude-opus-4.8, provider: anthropic-sim, boundary: frontier, region: us, price: {input: 5.00, cachedInput: 0.50, output: 25.00},
                 capabilities: [chat, tools, vision, json], simulation: {format: anthropic, latencyMs: 350, tokensPerSecond: 200}}
            """;

    private DashboardFixture() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) throw new IllegalArgumentException("usage: DashboardFixture INFO_FILE [WAVES]");
        Path info = Path.of(args[0]);
        int waves = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("broker-dashboard");
        BrokerConfig config = ConfigLoaderYaml.parse(CONFIG.formatted(dir));
        Gateway g = Gateway.start(config, new Secrets(Map.of(), null), ObserveSettings.OFF.withAccessLog(dir.resolve("access.jsonl").toString()));
        String url = "http://127.0.0.1:" + g.port();
        KeyStore keys = g.keys();
        String acme = keys.create("acme", "app").secret();
        String clinic = keys.create("clinic", "records", new KeyStore.KeyProfile(io.computebroker.classify.sensitivity.Sensitivity.CONFIDENTIAL,
                null, "triage")).secret();
        String studio = keys.create("studio", "agents", new KeyStore.KeyProfile(null, io.computebroker.policy.Substitution.CEILING,
                "claude-code")).secret();
        String admin = keys.create("ops", "dashboard", new KeyStore.KeyProfile(null, null, null, null, null, true)).secret();
        g.budgets().create(new BudgetSpec("acme", Scope.TENANT, "acme", TimeWindow.MONTH, 100_000_000L, 80_000_000L, BudgetAction.REJECT));
        g.budgets().create(new BudgetSpec("acme", Scope.FEATURE, "support", TimeWindow.DAY, 20_000_000L, null, BudgetAction.DOWNGRADE));
        g.budgets().create(new BudgetSpec("studio", Scope.TENANT, "studio", TimeWindow.DAY, 40_000_000L, 30_000_000L, BudgetAction.REJECT));

        String[] features = {"inbox", "search", "support"};
        AtomicInteger sent = new AtomicInteger(), failed = new AtomicInteger();
        Semaphore permits = new Semaphore(6);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < waves; w++) {
                long t0 = System.currentTimeMillis();
                List<Runnable> calls = new ArrayList<>();
                List<DemoWorkload.Item> items = DemoWorkload.items(24);
                for (int i = 0; i < items.size(); i++) {
                    DemoWorkload.Item it = items.get((i + w * 5) % items.size());
                    switch (i % 4) {
                        case 0, 1 -> calls.add(call(url, acme, tag(it, "x-broker-feature", features[(i + w) % 3]), sent, failed));
                        case 2 -> calls.add(call(url, clinic, it, sent, failed));
                        default -> calls.add(call(url, studio, it, sent, failed));
                    }
                }
                // A deterministic FAQ call twice: the second is an exact cache hit.
                DemoWorkload.Item faq = new DemoWorkload.Item(DemoWorkload.Api.OPENAI, "auto", false, false,
                        "What are your opening hours on public holidays? (faq " + (w % 3) + ")", Map.of("x-broker-cache", "on",
                        "x-broker-feature", "support"));
                calls.add(call(url, acme, faq, sent, failed));
                if (w % 4 == 3) calls.add(call(url, acme, new DemoWorkload.Item(DemoWorkload.Api.OPENAI, "sim-kimi-k2.6", false, false,
                        "[sim:500] this upstream call fails", Map.of("x-broker-feature", "search")), sent, failed));
                for (Runnable c : calls) {
                    permits.acquireUninterruptibly();
                    pool.submit(() -> {
                        try {
                            c.run();
                        } finally {
                            permits.release();
                        }
                    });
                }
                permits.acquireUninterruptibly(6); // the wave is done
                permits.release(6);
                calls.clear();
                calls.add(call(url, acme, faq, sent, failed));
                calls.getFirst().run();
                long left = 5_000 - (System.currentTimeMillis() - t0);
                if (w < waves - 1 && left > 0) Thread.sleep(left);
                System.out.printf("wave %d/%d: %d sent, %d failed%n", w + 1, waves, sent.get(), failed.get());
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
        g.ledger().flush(java.time.Duration.ofSeconds(10));
        Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
        Files.writeString(tmp, Json.write(Json.object().put("url", url).put("admin_key", admin).put("requests", sent.get())));
        Files.move(tmp, info, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("dashboard fixture ready on " + url + "/ui/ (" + sent.get() + " requests)");
        Thread.currentThread().join(); // serve until killed
    }

    static DemoWorkload.Item tag(DemoWorkload.Item it, String header, String value) {
        Map<String, String> h = new HashMap<>(it.headers());
        h.putIfAbsent(header, value);
        return new DemoWorkload.Item(it.api(), it.model(), it.stream(), it.tools(), it.prompt(), h);
    }

    static Runnable call(String url, String key, DemoWorkload.Item item, AtomicInteger sent, AtomicInteger failed) {
        return () -> {
            try {
                sent.incrementAndGet();
                if (new DemoClient(url, key).send(item) != 200) failed.incrementAndGet();
            } catch (Exception e) {
                failed.incrementAndGet();
            }
        };
    }
}
