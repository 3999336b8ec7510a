package io.computebroker.bench;

import io.computebroker.config.ConfigLoader;
import io.computebroker.config.Secrets;
import io.computebroker.observe.ObserveSettings;
import io.computebroker.server.Gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training workload for the JVM's ahead-of-time cache (JDK 25, JEP 514/515): the launcher runs it
 * once per build under {@code -XX:AOTCacheOutput}, and every later {@code serve} starts from the cache
 * with its classes already loaded and linked and its hot methods profiled. Cold start is dominated by
 * class loading (a 2,500-class fat jar), which the cache takes off the start path.
 *
 * <p>It exercises what {@code serve} does: the config file, the store and its migrations, a governed
 * gateway (key, budget, policy, ledger) and both wire formats, plain and streamed, against the bench's
 * mock upstream. Nothing here is measured; the figures come from {@code broker bench cold-start}.
 */
public final class StartupTraining {
    private StartupTraining() {}

    /** Runs the workload; {@code calls} per kind of request. */
    public static void run(int calls) {
        Path dir;
        try {
            dir = Files.createTempDirectory("broker-aot-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (MockUpstream mock = MockUpstream.start("127.0.0.1", 0)) {
            mock.profile(MockUpstream.Profile.FAST.withLatency(0).withPacing(8, 1));
            String key = GatewayProcess.prepare(dir);
            Path config = dir.resolve("config.yaml");
            Path policy = dir.resolve("policy.yaml");
            Files.writeString(config, GatewayProcess.config(mock.port()));
            Files.writeString(policy, GatewayProcess.POLICY);
            var cfg = ConfigLoader.load(config);
            cfg = cfg.withServer(cfg.server().withDataDir(dir.toString()).withPolicyFile(policy.toString()).withPort(0));
            var observe = ObserveSettings.fromEnvironment(Map.of(), dir.resolve("access.log").toString(), null);
            Gateway gateway = Gateway.start(cfg, Secrets.fromEnvironment(null), observe);
            try {
                drive(gateway.port(), key, calls);
            } finally {
                gateway.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static void drive(int port, String key, int calls) {
        String host = "127.0.0.1";
        byte[][] requests = {
                WireClient.post(host, port, "/v1/chat/completions", key, Requests.chat("auto", Requests.SMALL_PROMPT, 50, false)),
                WireClient.post(host, port, "/v1/chat/completions", key, Requests.chat("auto", Requests.SMALL_PROMPT, 50, true)),
                WireClient.post(host, port, "/v1/chat/completions", key, Requests.chat("auto", Requests.longPrompt(2000), 100, false)),
                WireClient.post(host, port, "/v1/messages", key, Requests.messages("bench-frontier", Requests.SMALL_PROMPT, 50),
                        "anthropic-version", "2023-06-01"),
        };
        try (WireClient client = new WireClient(host, port)) {
            for (int i = 0; i < calls; i++) {
                for (byte[] r : requests) {
                    WireClient.Result result = client.call(r);
                    if (!result.ok()) throw new IllegalStateException("training call failed with HTTP " + result.status());
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
