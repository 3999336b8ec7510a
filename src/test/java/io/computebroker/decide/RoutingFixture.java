package io.computebroker.decide;

import io.computebroker.capacity.Capacity;
import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.StopReason;
import io.computebroker.core.StreamEvent;
import io.computebroker.core.Usage;
import io.computebroker.dispatch.Breakers;
import io.computebroker.dispatch.Dispatcher;
import io.computebroker.dispatch.RetryPolicy;
import io.computebroker.identify.Principal;
import io.computebroker.policy.Policy;
import io.computebroker.policy.PolicyStore;
import io.computebroker.provider.ChatProvider;
import io.computebroker.provider.Providers;
import io.computebroker.provider.StreamSink;
import io.computebroker.provider.UpstreamCall;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small fleet for routing tests: five models over four providers, fake providers that record every
 * call and fail on demand, a movable clock, and a policy given as YAML text.
 */
public final class RoutingFixture {
    public static final String CONFIG = """
            providers:
              - {id: own, kind: openai-compatible, baseUrl: "http://own", keyRequired: false, maxConcurrency: 2, breakerFailures: 3, breakerOpenMs: 10000}
              - {id: mkt, kind: openai-compatible, baseUrl: "http://mkt", keyRequired: false, breakerFailures: 3, breakerOpenMs: 10000}
              - {id: cloud, kind: openai-compatible, baseUrl: "http://cloud", keyRequired: false, breakerFailures: 3, breakerOpenMs: 10000}
              - {id: front, kind: anthropic, baseUrl: "http://front", keyRequired: false, breakerFailures: 3, breakerOpenMs: 10000}
            models:
              - {id: small-owned, provider: own, boundary: owned, price: {input: 0.02, output: 0.08}, capabilities: [chat, tools, json], contextWindow: 32000}
              - {id: tiny-owned, provider: own, boundary: owned, price: {input: 0.01, output: 0.02}, capabilities: [chat], contextWindow: 4000}
              - {id: market, provider: mkt, boundary: marketplace, price: {input: 0.6, output: 2.5}, capabilities: [chat, tools, json]}
              - {id: private, provider: cloud, boundary: private-cloud, price: {input: 1.0, output: 4.0}, capabilities: [chat, tools, json, vision]}
              - {id: frontier, provider: front, boundary: frontier, price: {input: 5, output: 25}, capabilities: [chat, tools, json, vision], contextWindow: 1000000}
            """;
    public static final String POLICY = """
            defaults:
              qualityFloor: {default: 0.75, code: 0.85}
              complexityWeight: 0.1
              expectedOutputTokens: {default: 300}
              maxAttemptsPerCandidate: 2
              queueTimeoutMs: 50
            quality:
              small-owned: {default: 0.8, code: 0.7}
              tiny-owned: {default: 0.6}
              market: {default: 0.85, code: 0.86}
              private: {default: 0.88}
              frontier: {default: 0.97}
            """;

    public final BrokerConfig config;
    public final MutableClock clock = new MutableClock();
    public final Map<String, FakeProvider> fakes = new ConcurrentHashMap<>();
    public final Providers providers;
    public final Breakers breakers;
    public final Capacity capacity;
    public final PolicyStore policies;
    public final Router router;
    public final Dispatcher dispatcher;

    public RoutingFixture() { this(POLICY); }

    public RoutingFixture(String policyYaml) {
        try {
            config = io.computebroker.config.ConfigLoaderYaml.parse(CONFIG);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String p : List.of("own", "mkt", "cloud", "front")) fakes.put(p, new FakeProvider(p));
        providers = new Providers(Map.copyOf(fakes));
        breakers = new Breakers(config, clock);
        capacity = new Capacity(config);
        policies = PolicyStore.fixed(policy(policyYaml));
        router = new Router(new ModelCatalog(config), providers, policies, breakers, capacity, new LatencyEstimates());
        dispatcher = new Dispatcher(providers, breakers, capacity, RetryPolicy.DEFAULT, d -> { });
    }

    public static Policy policy(String yaml) {
        return PolicyStore.parse(yaml.getBytes(StandardCharsets.UTF_8), "test-policy");
    }

    public static Signals signals(TaskClass task, Sensitivity s) {
        return new Signals(task, Signals.Source.DECLARED, 1.0, 0.0, s, Signals.Source.DECLARED, Set.of(), null, null, null, null,
                500, null, false, false, false);
    }

    public static Signals with(Signals s, Function<Signals, Signals> f) { return f.apply(s); }

    public static Principal principal() { return Principal.of("key_1", "acme", "test"); }

    public Dispatcher.Limits limits() {
        return new Dispatcher.Limits(policies.current().defaults().maxAttemptsPerCandidate(),
                Duration.ofMillis(policies.current().defaults().queueTimeoutMs()));
    }

    /** A provider that records calls and answers, or fails with whatever its behaviour returns. */
    public static final class FakeProvider implements ChatProvider {
        public final String id;
        public final List<UpstreamCall> calls = new CopyOnWriteArrayList<>();
        public volatile Function<UpstreamCall, RuntimeException> failure = c -> null;
        /** For streams: fail after this many text events (-1: never). */
        public volatile int cutAfter = -1;

        FakeProvider(String id) { this.id = id; }

        @Override
        public ChatResponse chat(UpstreamCall call) {
            calls.add(call);
            RuntimeException e = failure.apply(call);
            if (e != null) throw e;
            return new ChatResponse("r", call.model().id(), List.of(Content.Text.of("answer from " + call.model().id())),
                    StopReason.END_TURN, Usage.of(10, 5));
        }

        @Override
        public void stream(UpstreamCall call, StreamSink sink) {
            calls.add(call);
            RuntimeException e = failure.apply(call);
            if (e != null) throw e;
            sink.accept(new StreamEvent.Start("r", call.model().id(), null));
            for (int i = 0; i < 3; i++) {
                if (i == cutAfter) {
                    sink.accept(new StreamEvent.Failure(new io.computebroker.core.BrokerException(
                            io.computebroker.core.ErrorKind.UPSTREAM, "cut")));
                    return;
                }
                sink.accept(new StreamEvent.TextDelta("t" + i));
            }
            sink.accept(new StreamEvent.Finish(StopReason.END_TURN, Usage.of(10, 3)));
        }
    }

    public static final class MutableClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-11-23T00:00:00Z");

        @Override
        public Instant instant() { return now; }

        public void advance(Duration d) { now = now.plus(d); }
    }

    static ByteArrayInputStream bytes(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)); }
}
