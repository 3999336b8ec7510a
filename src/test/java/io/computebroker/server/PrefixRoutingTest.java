package io.computebroker.server;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.Secrets;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.WireFormat;
import io.computebroker.provider.OpenAiCompatibleProvider;
import io.computebroker.provider.PrefixKey;
import io.computebroker.provider.ReplicaSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three OpenAI-compatible replicas behind one provider, through the real gateway: requests that share a
 * system prompt and opening document all reach one replica (where its prefix cache would be warm), and
 * different prefixes use different replicas.
 */
class PrefixRoutingTest {
    @TempDir Path dir;
    final List<ReplicaUpstream> upstreams = new ArrayList<>();
    Gateway gateway;
    String key;
    final HttpClient http = HttpClient.newHttpClient();
    // A shared opening document longer than the hashed 2,000 characters: the questions after it differ.
    static final String DOCUMENT = "Quarterly report. ".repeat(150);

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 3; i++) upstreams.add(new ReplicaUpstream());
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "quality: {owned-qwen: {default: 0.9}}\n");
        BrokerConfig config = ConfigLoaderYaml.parse("""
                server: {host: 127.0.0.1, port: 0, dataDir: "%s", policyFile: "%s"}
                providers:
                  - id: vllm
                    kind: openai-compatible
                    keyRequired: false
                    breakerFailures: 1000  # the failure test wants every call to reach a replica, not an open circuit
                    replicas: ["%s", "%s", "%s"]
                models:
                  - {id: owned-qwen, provider: vllm, boundary: owned, price: {input: 0.01, output: 0.02}}
                """.formatted(dir, policy, upstreams.get(0).baseUrl(), upstreams.get(1).baseUrl(), upstreams.get(2).baseUrl()));
        gateway = Gateway.start(config, new Secrets(Map.of(), null));
        key = gateway.keys().create("acme", "t").secret();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        for (ReplicaUpstream u : upstreams) u.close();
    }

    @Test
    void eachPrefixGroupLandsOnOneReplicaAndGroupsSpread() throws Exception {
        List<String> groups = systemsOnDistinctReplicas();
        for (int i = 0; i < 30; i++) {
            String system = groups.get(i % 3);
            HttpResponse<String> r = ask(system, DOCUMENT + " Question " + i + ": what changed?", i % 3 == 1);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        Set<Integer> used = new HashSet<>();
        for (String system : groups) {
            List<Integer> servedBy = new ArrayList<>();
            for (int u = 0; u < 3; u++) {
                long n = upstreams.get(u).systems.stream().filter(system::equals).count();
                if (n > 0) servedBy.add(u);
                if (n > 0) assertThat(n).as("all of group '%s' on replica %d", system, u).isEqualTo(10);
            }
            assertThat(servedBy).as("replicas that served '%s'", system).hasSize(1);
            used.add(servedBy.get(0));
        }
        assertThat(used).as("replicas used by the three groups").hasSizeGreaterThan(1);
        assertThat(replicaSet().inFlight()).as("every slot released").containsOnly(0);
    }

    @Test
    void failedCallsGiveTheirReplicaSlotBack() throws Exception {
        for (ReplicaUpstream u : upstreams) u.failing = true;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = ask("You are terse.", "Say hello " + i, i % 2 == 0);
            assertThat(r.statusCode()).isEqualTo(502);
        }
        assertThat(upstreams.stream().mapToInt(u -> u.systems.size()).sum()).isGreaterThanOrEqualTo(4);
        assertThat(replicaSet().inFlight()).containsOnly(0);
    }

    /**
     * Three system prompts whose homes are three different replicas. The ports are ephemeral, so which
     * replica a prompt hashes to changes per run; picking the prompts this way keeps the test exact
     * instead of leaving a 1-in-9 chance that all groups share one replica.
     */
    private List<String> systemsOnDistinctReplicas() {
        ReplicaSet set = replicaSet();
        Map<String, String> byHome = new java.util.LinkedHashMap<>();
        for (int g = 0; byHome.size() < 3; g++) {
            if (g == 1_000) throw new AssertionError("1,000 prompts never reached all three replicas: " + byHome.keySet());
            String system = "You are analyst number " + g + ". Answer from the report only.";
            ChatRequest canonical = new ChatRequest("owned-qwen", List.of(Content.Text.of(system)),
                    List.of(Message.user(DOCUMENT + " anything")), List.of(), null, null, null, null, null, false, false,
                    null, null, null, WireFormat.OPENAI, null);
            byHome.putIfAbsent(set.home(PrefixKey.of(canonical)), system);
        }
        return List.copyOf(byHome.values());
    }

    private ReplicaSet replicaSet() {
        return ((OpenAiCompatibleProvider) gateway.providers().chat("vllm").orElseThrow()).replicas();
    }

    private HttpResponse<String> ask(String system, String user, boolean stream) throws Exception {
        var messages = Json.MAPPER.createArrayNode()
                .add(Json.object().put("role", "system").put("content", system))
                .add(Json.object().put("role", "user").put("content", user));
        String body = Json.write(Json.object().put("model", "owned-qwen").put("stream", stream).set("messages", messages));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
