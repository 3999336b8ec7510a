package io.computebroker.observe;

import io.computebroker.budget.BudgetStatus;
import io.computebroker.budget.BudgetStatuses;
import io.computebroker.capacity.Capacity;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ProviderConfig;
import io.computebroker.dispatch.Breakers;
import io.computebroker.dispatch.CircuitBreaker;
import io.computebroker.provider.ProviderStatus;
import io.computebroker.provider.Providers;
import io.computebroker.settle.Settler;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's three signals in one place: Prometheus metrics, OpenTelemetry traces and the JSON access
 * log. The pipeline sees them only as a {@link Settler} and a {@link Tracing}; gauges for provider health,
 * circuits, owned capacity and budgets read the live objects at scrape time.
 */
public final class Observability implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Observability.class.getName());

    private final Metrics metrics;
    private final Tracing tracing;
    private final AccessLog accessLog;

    public Observability(ObserveSettings settings, BrokerConfig config) {
        var baseline = config.baselineModel().orElse(null);
        this.metrics = new Metrics(baseline, settings.jvmMetrics());
        this.tracing = Tracing.of(settings, baseline);
        this.accessLog = AccessLog.open(settings.accessLog());
        metrics.gauge("broker_access_log_dropped", "Access-log lines dropped because the writer fell behind.",
                cb -> cb.call(accessLog.dropped()));
    }

    public Metrics metrics() { return metrics; }

    public Tracing tracing() { return tracing; }

    public AccessLog accessLog() { return accessLog; }

    /** What the settle stage tells all three (tracing first: it reads the current span). */
    public Settler settler() { return Settler.all(tracing, metrics, accessLog); }

    /** Gauges for each provider: key present, circuit state, and for owned capacity in-flight against its limit. */
    public void health(BrokerConfig config, Providers providers, Breakers breakers, Capacity capacity) {
        metrics.gauge("broker_provider_up", "1 when the provider can be called (its API key is present), else 0.", cb -> {
            for (ProviderStatus s : providers.statuses()) cb.call(s.available() ? 1 : 0, s.id(), s.kind());
        }, "provider", "kind");
        metrics.gauge("broker_circuit_state", "Circuit breaker per provider: 1 for the state it is in (closed, open, half_open).", cb -> {
            for (ProviderConfig p : config.providers()) {
                CircuitBreaker.State now = breakers.of(p.id()).state();
                for (CircuitBreaker.State s : CircuitBreaker.State.values()) {
                    cb.call(s == now ? 1 : 0, p.id(), s.name().toLowerCase(Locale.ROOT));
                }
            }
        }, "provider", "state");
        metrics.gauge("broker_owned_in_flight", "Calls in flight on a provider with a maxConcurrency limit.", cb -> {
            for (ProviderConfig p : config.providers()) {
                Integer max = capacity.limit(p.id());
                if (max != null) cb.call(Math.round(capacity.utilisation(p.id()) * max), p.id());
            }
        }, "provider");
        metrics.gauge("broker_owned_max_concurrency", "The provider's maxConcurrency (spill or queue beyond it).", cb -> {
            for (ProviderConfig p : config.providers()) {
                Integer max = capacity.limit(p.id());
                if (max != null) cb.call(max, p.id());
            }
        }, "provider");
        metrics.gauge("broker_owned_utilisation_ratio", "In-flight calls over maxConcurrency (1 = saturated: spill-able traffic spills).", cb -> {
            for (ProviderConfig p : config.providers()) {
                if (capacity.limit(p.id()) != null) cb.call(capacity.utilisation(p.id()), p.id());
            }
        }, "provider");
        metrics.gauge("broker_owned_throughput_capacity_tokens_per_second",
                "Sustained tokens/s of the provider's hardware profile: rate(broker_tokens_total) over this is throughput utilisation.", cb -> {
            for (ProviderConfig p : config.providers()) {
                if (p.hardware() != null) cb.call(p.hardware().throughputTokensPerSecond(), p.id());
            }
        }, "provider");
    }

    /** Gauges per budget: limit, spend in the current window, utilisation and burn rate (cached a few seconds). */
    public void budgets(BudgetStatuses statuses) {
        String[] labels = {"budget", "tenant", "scope", "target", "window"};
        metrics.gauge("broker_budget_limit_usd", "The budget's hard limit (USD).", cb -> each(statuses, s -> cb.call(usd(s.budget().limitNusd()), labels(s))), labels);
        metrics.gauge("broker_budget_spent_usd", "Settled spend in the budget's current window (USD).", cb -> each(statuses, s -> cb.call(usd(s.spentNusd()), labels(s))), labels);
        metrics.gauge("broker_budget_utilisation_ratio", "Spend over limit in the current window.", cb -> each(statuses, s -> cb.call(s.utilisation(), labels(s))), labels);
        metrics.gauge("broker_budget_burn_usd_per_hour", "Spend in the last hour against this budget's scope (USD/h).", cb -> each(statuses, s -> cb.call(usd(s.lastHourNusd()), labels(s))), labels);
    }

    private static void each(BudgetStatuses statuses, java.util.function.Consumer<BudgetStatus> f) {
        try {
            statuses.all().forEach(f);
        } catch (RuntimeException e) {
            // A scrape while the store is unreachable still serves every other metric.
            LOG.log(Level.FINE, "budget gauges skipped: " + e.getMessage(), e);
        }
    }

    private static String[] labels(BudgetStatus s) {
        var b = s.budget();
        return new String[]{b.id(), b.tenant() == null ? "" : b.tenant(), b.scope().wire(), b.scopeValue(), b.window().wire()};
    }

    private static double usd(long nusd) { return nusd / 1e9; }

    @Override
    public void close() {
        tracing.close();
        accessLog.close();
    }
}
