package io.computebroker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.api.anthropic.AnthropicCodec;
import io.computebroker.api.openai.OpenAiCodec;
import io.computebroker.classify.CallerSignals;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Secrets;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.Json;
import io.computebroker.decide.Candidate;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.pipeline.Wiring;
import io.computebroker.policy.PolicyStore;
import io.computebroker.policy.Substitution;
import io.computebroker.provider.Providers;
import io.computebroker.settle.UsageTotals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

@Command(name = "route", mixinStandardHelpOptions = true, description = "Inspect routing decisions.",
        subcommands = RouteCommand.Explain.class)
final class RouteCommand implements Runnable {
    @Override
    public void run() { new picocli.CommandLine(this).usage(System.out); }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Classify and decide a request without calling any provider: signals, every candidate and why, the order.")
    static final class Explain implements java.util.concurrent.Callable<Integer> {
        @Mixin ConfigOptions options;

        @Option(names = "--request", required = true, paramLabel = "FILE", description = "request body (JSON); - for stdin")
        String request;

        @Option(names = "--header", paramLabel = "K:V", description = "caller header, e.g. x-broker-sensitivity:confidential")
        List<String> headers = List.of();

        @Option(names = "--format", defaultValue = "openai", description = "request format: openai or anthropic (default: ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--policy", paramLabel = "FILE", description = "policy file (default: the built-in policy)")
        Path policy;

        @Option(names = "--demo", description = "use the demo fleet's models")
        boolean demo;

        @Option(names = "--tenant", defaultValue = "default") String tenant;

        @Option(names = "--substitution", description = "the calling key's substitution mode: exact, ceiling or auto")
        String substitution;

        @Override
        public Integer call() throws IOException {
            BrokerConfig config = demo ? ConfigLoader.demo() : options.load();
            JsonNode body = Json.parse(request.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(request)));
            Map<String, String> h = new HashMap<>();
            for (String kv : headers) {
                int i = kv.indexOf(':');
                if (i < 1) throw new IllegalArgumentException("--header wants K:V, got '" + kv + "'");
                h.put(kv.substring(0, i).strip().toLowerCase(Locale.ROOT), kv.substring(i + 1).strip());
            }
            try (Providers providers = new Providers(config, Secrets.fromEnvironment(null));
                 PolicyStore policies = policy == null ? PolicyStore.open(null) : PolicyStore.fixed(PolicyStore.load(policy))) {
                Pipeline pipeline = Wiring.pipeline(config, providers, policies, new UsageTotals());
                ChatRequest req = format.equals("anthropic") ? AnthropicCodec.decodeRequest(body) : OpenAiCodec.decodeRequest(body);
                Principal who = new Principal("cli", tenant, null, null, substitution == null ? null : Substitution.parse(substitution), null);
                Decision d = pipeline.explain(req, CallerSignals.read(h, req.metadata()), who);
                print(d);
                return 0;
            } catch (BrokerException e) {
                System.out.println("refused (" + e.status() + "): " + e.getMessage());
                return 1;
            }
        }

        static void print(Decision d) {
            System.out.printf("decision %s   policy %s   rule %s   mode %s   objective %s%n", d.id(), d.policyVersion(), d.rule(),
                    d.mode().wire(), d.objective().wire());
            System.out.println("requested " + d.requestedModel());
            System.out.println("signals   " + d.signals().summary());
            System.out.printf(Locale.ROOT, "floor     %.2f%s%n", d.qualityFloor(), d.belowFloor() ? " (no model meets it: best available)" : "");
            System.out.printf("%-24s %-12s %-13s %7s %13s %13s  %s%n", "CANDIDATE", "PROVIDER", "BOUNDARY", "QUALITY", "EXPECTED USD",
                    "USD/ACCEPTED", "VERDICT");
            List<String> order = d.order().stream().map(ModelConfig::id).toList();
            for (Candidate c : d.candidates()) {
                int rank = order.indexOf(c.model());
                String verdict = rank == 0 ? "#1 chosen" : rank > 0 ? "#" + (rank + 1) + " fallback" : "rejected: " + c.reason();
                System.out.printf(Locale.ROOT, "%-24s %-12s %-13s %7.2f %13s %13s  %s%n", c.model(), c.provider(), c.boundary(),
                        c.quality(), c.expectedCostUsd().setScale(6, RoundingMode.HALF_UP).toPlainString(),
                        c.costPerAccepted() == null ? "-" : c.costPerAccepted().setScale(6, RoundingMode.HALF_UP).toPlainString(), verdict);
            }
            System.out.println("order     " + order.stream().collect(Collectors.joining(" -> ")));
            System.out.println("expected  $" + d.expectedCostUsd().setScale(6, RoundingMode.HALF_UP).toPlainString());
            System.out.println("summary   " + d.summary());
        }
    }
}
