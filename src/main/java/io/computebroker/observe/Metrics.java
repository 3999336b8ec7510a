package io.computebroker.observe;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.Usage;
import io.computebroker.dispatch.Attempt;
import io.computebroker.ledger.Nusd;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * The gateway's Prometheus metrics. Request metrics are recorded once per settled request (this is a
 * {@link Settler}); health, capacity and budget gauges are read at scrape time through callbacks.
 *
 * <p>Labels are bounded: {@code tenant} and {@code feature} pass through a {@link LabelGuard} (caller
 * tags are free text), provider / model / task / boundary come from config and enums, outcomes from a
 * fixed vocabulary. No request ids, decision ids, keys or prompt text ever become a label. Latency
 * histograms carry only provider / model / task, since tenants × features × buckets would multiply
 * series for little insight.
 *
 * <p>Cost per request is a handful of striped-counter increments (no locks, no allocation beyond the
 * label lookup), so the settle path stays in the microseconds.
 */
public final class Metrics implements Settler {
    /** Seconds: sub-10 ms cache hits up to multi-minute agent calls. */
    private static final double[] LATENCY_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    private static final String[] ROUTE = {"tenant", "feature", "provider", "model", "task"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final ModelConfig baseline;
    private final LabelGuard tenants = new LabelGuard(500);
    private final LabelGuard features = new LabelGuard(200);

    private final Counter requests, errors, tokens, cost, baselineCost, cacheSaved, cacheOutcomes, decisions, spills, fallbacks,
            attempts, access;
    private final Histogram latency, ttft;
    /** Routed savings (baseline − cost) per tenant since start: a gauge, since a dearer-than-baseline call makes it fall. */
    private final ConcurrentHashMap<String, DoubleAdder> savings = new ConcurrentHashMap<>();

    public Metrics(ModelConfig baseline) {
        this(baseline, false);
    }

    /** {@code jvm}: also the JVM's own metrics (memory, GC, threads, classes). */
    public Metrics(ModelConfig baseline, boolean jvm) {
        this.baseline = baseline;
        requests = counter("broker_requests", "Requests settled, by route and outcome (ok or error).", "tenant", "feature", "provider", "model",
                "task", "boundary", "status");
        errors = counter("broker_errors", "Requests that ended in an error, by HTTP status the caller saw.", "tenant", "provider", "model", "code");
        tokens = counter("broker_tokens", "Tokens by kind: input (all prompt tokens), cached_input (read from a prompt cache), output, reasoning.",
                "tenant", "feature", "provider", "model", "task", "type");
        cost = counter("broker_cost_usd", "Spend in USD at the served model's price.", ROUTE);
        baselineCost = counter("broker_baseline_cost_usd", "What the same tokens would have cost on the baseline model (USD).", ROUTE);
        cacheSaved = counter("broker_cache_savings_usd", "Spend avoided by answering from the response cache (USD).", "tenant", "model", "kind");
        cacheOutcomes = counter("broker_cache_requests", "Chat requests by response-cache outcome: exact, semantic, miss, bypass.",
                "tenant", "outcome");
        decisions = counter("broker_route_decisions", "Routing decisions by task class, policy rule and the model chosen first.",
                "task", "rule", "model", "boundary", "sensitivity");
        spills = counter("broker_spills", "Requests moved off saturated owned capacity to the next candidate.", "provider", "model");
        fallbacks = counter("broker_fallbacks", "Requests served by a later candidate than the one chosen.", "chosen_model", "served_model");
        attempts = counter("broker_upstream_attempts", "Upstream attempts and skips by outcome (ok, error kind, circuit-open, saturated).",
                "provider", "model", "outcome");
        access = counter("broker_http_requests", "HTTP requests at the chat endpoints by status class (includes refusals before routing).",
                "api", "code");
        latency = histogram("broker_request_duration_seconds", "Request latency from arrival to last byte.");
        ttft = histogram("broker_ttft_seconds", "Time to first token (streams), or to the whole answer (non-streaming).");
        GaugeWithCallback.builder().name("broker_savings_usd").help("Baseline cost minus actual cost since start, per tenant (USD).")
                .labelNames("tenant").callback(cb -> savings.forEach((t, v) -> cb.call(v.sum(), t))).register(registry);
        if (jvm) registerJvm(registry);
    }

    /**
     * What {@code JvmMetrics} registers, except the native-memory gauges unless native memory tracking is
     * on: without it they are empty, and asking costs a JMX diagnostic command that was ~18 % of
     * {@code serve}'s start-up (JFR).
     */
    private static void registerJvm(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
        boolean nmt = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("=off"));
        if (nmt) JvmNativeMemoryMetrics.builder().register(registry);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    private Histogram histogram(String name, String help) {
        return Histogram.builder().name(name).help(help).labelNames("provider", "model", "task").classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().register(registry);
    }

    /** A gauge read at scrape time; {@code callback} reports each labelled value. */
    public void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback, String... labels) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(callback).register(registry);
    }

    @Override
    public void settle(Settlement s) {
        if (s.pending() == null) return; // refused before routing: counted by the HTTP counter only
        var signals = s.decision().signals();
        String tenant = tenants.of(s.principal().tenant());
        String feature = features.of(signals.feature());
        String task = signals.task().wire();
        var d = s.decision();
        ModelConfig m = s.served();
        // A request no model answered is counted against the route it was decided for.
        ModelConfig route = m != null ? m : d.chosen();
        String provider = route.provider();
        String model = route.id();
        boolean failed = s.error() != null;
        requests.labelValues(tenant, feature, provider, model, task, route.boundary().wire(), failed ? "error" : "ok").inc();
        if (failed) errors.labelValues(tenant, provider, model, Integer.toString(s.status())).inc();
        for (Attempt a : s.attempts()) attempts.labelValues(a.provider(), a.model(), outcome(a.outcome())).inc();
        decisions.labelValues(task, d.ruleName(), d.chosen().id(), d.chosen().boundary().wire(), signals.sensitivity().wire()).inc();
        if (s.spilled()) spills.labelValues(provider, model).inc();
        if (s.fellBack() && m != null) fallbacks.labelValues(d.chosen().id(), model).inc();
        if (m == null) return;
        Usage u = s.usage();
        add(tokens, u.inputTokens(), tenant, feature, provider, model, task, "input");
        add(tokens, u.cachedInputTokens(), tenant, feature, provider, model, task, "cached_input");
        add(tokens, u.outputTokens(), tenant, feature, provider, model, task, "output");
        add(tokens, u.reasoningTokens(), tenant, feature, provider, model, task, "reasoning");
        double spent = s.cost().totalUsd().doubleValue();
        boolean hit = s.cacheOutcome() != null && s.cacheOutcome().endsWith("hit");
        // A cache hit's baseline is the spend it avoided (as in the ledger), so cache and routing savings add up.
        double base = hit ? Nusd.usd(s.savedNusd()).doubleValue()
                : baseline == null ? spent : CostCalculator.cost(u, baseline.price(), false).totalUsd().doubleValue();
        if (spent > 0) cost.labelValues(tenant, feature, provider, model, task).inc(spent);
        if (base > 0) baselineCost.labelValues(tenant, feature, provider, model, task).inc(base);
        savings.computeIfAbsent(tenant, k -> new DoubleAdder()).add(base - spent);
        if (hit && s.savedNusd() > 0) cacheSaved.labelValues(tenant, model, s.cacheOutcome().startsWith("semantic") ? "semantic" : "exact")
                .inc(base);
        if (!failed) {
            latency.labelValues(provider, model, task).observe(s.latencyMicros() / 1e6);
            if (s.ttftMicros() >= 0) ttft.labelValues(provider, model, task).observe(s.ttftMicros() / 1e6);
        }
    }

    private static void add(Counter c, long n, String... labels) {
        if (n > 0) c.labelValues(labels).inc(n);
    }

    /** Attempt outcomes are a fixed vocabulary except cascade checks ("escalated:regex:…"), cut to their kind. */
    static String outcome(String raw) {
        if (raw == null) return LabelGuard.NONE;
        return raw.startsWith("escalated:") ? "escalated" : raw;
    }

    /** The response-cache outcome the caller saw (x-broker-cache). */
    public void cache(String tenant, String outcome) {
        cacheOutcomes.labelValues(tenants.of(tenant), outcome == null ? LabelGuard.NONE : outcome).inc();
    }

    /** Every chat HTTP request, including those refused before routing (401, 400, 429 budget). */
    public void http(String api, int status) {
        access.labelValues(api, status / 100 + "xx").inc();
    }

    /** The registry in Prometheus text format 0.0.4. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            writer.write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String contentType() { return writer.getContentType(); }

}
