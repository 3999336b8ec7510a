package io.computebroker.server;

import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetSpec;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.Scope;
import io.computebroker.budget.TimeWindow;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.core.Json;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 3 across nodes: two gateways share PostgreSQL (ledger, keys, budgets) and Redis (budget
 * reservations). 500 concurrent requests, split between them, against a $1.00 tenant budget whose
 * demand is about twice that: settled spend never passes $1.00, and the rest get a 429 budget error.
 */
class TwoNodeBudgetTest {

    static Gateway node(String pg, String prefix, String name) throws Exception {
        Path dir = TestStores.tempDir();
        Path policy = dir.resolve("policy.yaml");
        try (var in = TwoNodeBudgetTest.class.getResourceAsStream("/test-policy.yaml")) {
            Files.write(policy, in.readAllBytes());
        }
        BrokerConfig c = ConfigLoader.resource("/test-fleet.yaml");
        c = c.withServer(c.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()))
                .withLedger(c.ledger().withStore(pg).withRedis("redis://127.0.0.1:6379").withRedisPrefix(prefix).withNode(name));
        return Gateway.start(c, new Secrets(Map.of(), null));
    }

    @Test
    void fiveHundredConcurrentRequestsOnTwoNodesNeverOverspendADollar() throws Exception {
        String pg = TestStores.freshPostgresUrl();
        String prefix = "cbt" + System.nanoTime() + ":";
        try (Gateway a = node(pg, prefix, "node-a"); Gateway b = node(pg, prefix, "node-b")) {
            String key = a.keys().create("acme", "budget-test").secret();
            long capNusd = 1_000_000_000L;
            new BudgetStore(a.database()).create(new BudgetSpec("acme", Scope.TENANT, "acme", TimeWindow.TOTAL, capNusd, null, BudgetAction.REJECT));
            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            String body = Json.write(Json.object().put("model", "sim-pricey").put("max_tokens", 100)
                    .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", "Write about budgets"))));
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<Future<?>> calls = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 500; i++) {
                    int port = (i % 2 == 0 ? a : b).port();
                    calls.add(pool.submit(() -> {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                .header("authorization", "Bearer " + key).timeout(Duration.ofSeconds(60))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() == 429) assertThat(r.body()).contains("budget exceeded");
                        return null;
                    }));
                }
                for (Future<?> f : calls) f.get();
            }
            assertThat(a.ledger().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(b.ledger().flush(Duration.ofSeconds(30))).isTrue();
            long spent = a.database().with(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COALESCE(SUM(cost_nusd), 0) FROM ledger WHERE tenant = 'acme'")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(statuses.keySet()).containsOnly(200, 429);
            assertThat(statuses.get(200).get()).as("some calls served").isGreaterThan(50);
            assertThat(statuses.get(429).get()).as("some calls refused").isGreaterThan(50);
            assertThat(spent).as("settled spend in nano-USD").isLessThanOrEqualTo(capNusd).isGreaterThan(capNusd / 2);
        }
    }
}
