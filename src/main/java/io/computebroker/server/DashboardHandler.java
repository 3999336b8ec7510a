package io.computebroker.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.budget.BudgetStatus;
import io.computebroker.budget.BudgetStatuses;
import io.computebroker.capacity.Capacity;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ProviderConfig;
import io.computebroker.core.Json;
import io.computebroker.dispatch.Breakers;
import io.computebroker.ledger.Nusd;
import io.computebroker.provider.ProviderStatus;
import io.computebroker.provider.Providers;
import io.computebroker.report.Breakdowns;
import io.computebroker.report.GroupBy;
import io.computebroker.report.JsonOut;
import io.computebroker.report.ReportQuery;
import io.computebroker.report.TimeSpec;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin JSON the dashboard draws from (and anyone can script against), next to /admin/report and
 * /admin/audit: spend over time, route mix, cache outcomes, recent decisions, budgets with burn rate,
 * and live provider health with owned capacity. Same rules as {@link AdminHandler}: admin key, 400 naming
 * a bad parameter, {@code tenant=} narrows, windows by {@code since}/{@code until}.
 */
final class DashboardHandler {
    private static final Pattern STEP = Pattern.compile("(\\d{1,5})([smhd])");

    private final AdminHandler admin;
    private final Breakdowns breakdowns;
    private final BudgetStatuses budgets;
    private final BrokerConfig config;
    private final Providers providers;
    private final Breakers breakers;
    private final Capacity capacity;

    DashboardHandler(AdminHandler admin, Breakdowns breakdowns, BudgetStatuses budgets, BrokerConfig config, Providers providers,
                     Breakers breakers, Capacity capacity) {
        this.admin = admin;
        this.breakdowns = breakdowns;
        this.budgets = budgets;
        this.config = config;
        this.providers = providers;
        this.breakers = breakers;
        this.capacity = capacity;
    }

    /** GET /admin/timeseries?by=model&since=24h&until=&step=auto&tenant= */
    void timeseries(ServerRequest req, ServerResponse res) {
        admin.guarded(req, res, () -> {
            ReportQuery q = query(req, "model", "24h");
            long step = AdminHandler.param(req, "step", "auto", s -> s.equals("auto") ? Breakdowns.autoStep(q.since(), q.until()) : stepMs(s));
            Breakdowns.TimeSeries ts = AdminHandler.named("step", () -> breakdowns.timeSeries(q, step));
            ObjectNode root = window(Json.object().put("object", "timeseries"), q).put("group_by", q.groupBy().wire()).put("step_seconds", step / 1000);
            ArrayNode starts = root.putArray("buckets");
            ts.bucketStarts().forEach(i -> starts.add(i.toString()));
            ArrayNode series = root.putArray("series");
            for (Breakdowns.Series s : ts.series()) series.add(series(s));
            root.set("total", series(ts.total()));
            AdminHandler.send(res, Http.JSON, JsonOut.write(root));
        });
    }

    /** GET /admin/routes?since=24h&tenant=: requests and spend per task class and model. */
    void routes(ServerRequest req, ServerResponse res) {
        admin.guarded(req, res, () -> {
            ReportQuery q = query(req, "task", "24h");
            ObjectNode root = window(Json.object().put("object", "route_mix"), q);
            ArrayNode rows = root.putArray("rows");
            for (Breakdowns.RouteRow r : breakdowns.routeMix(q)) {
                ObjectNode n = rows.addObject().put("task", r.task()).put("model", r.model()).put("boundary", r.boundary())
                        .put("requests", r.requests());
                n.set("cost_usd", DecimalNode.valueOf(r.costUsd()));
                n.set("baseline_usd", DecimalNode.valueOf(r.baselineUsd()));
            }
            AdminHandler.send(res, Http.JSON, JsonOut.write(root));
        });
    }

    /** GET /admin/cache?since=24h&tenant=: requests per cache outcome, hit rate and what hits saved. */
    void cache(ServerRequest req, ServerResponse res) {
        admin.guarded(req, res, () -> {
            ReportQuery q = query(req, "model", "24h");
            ObjectNode root = window(Json.object().put("object", "cache"), q);
            ArrayNode rows = root.putArray("rows");
            long all = 0, hits = 0;
            BigDecimal saved = BigDecimal.ZERO;
            for (Breakdowns.CacheRow r : breakdowns.cacheOutcomes(q)) {
                ObjectNode n = rows.addObject().put("outcome", r.outcome()).put("requests", r.requests());
                n.set("saved_usd", DecimalNode.valueOf(r.savedUsd()));
                all += r.requests();
                if (r.outcome().endsWith("hit")) hits += r.requests();
                saved = saved.add(r.savedUsd());
            }
            root.put("requests", all).put("hits", hits).put("hit_rate", all == 0 ? 0 : (double) hits / all);
            root.set("saved_usd", DecimalNode.valueOf(saved));
            AdminHandler.send(res, Http.JSON, JsonOut.write(root));
        });
    }

    /** GET /admin/decisions?since=24h&limit=50&tenant=: the latest requests with their decision summary (no text). */
    void decisions(ServerRequest req, ServerResponse res) {
        admin.guarded(req, res, () -> {
            Instant now = Instant.now();
            Instant since = AdminHandler.param(req, "since", "24h", s -> TimeSpec.parse(s, now));
            int limit = AdminHandler.param(req, "limit", "50", Integer::parseInt);
            var rows = AdminHandler.named("limit", () -> breakdowns.recent(since, AdminHandler.text(req, "tenant"), limit));
            ObjectNode root = Json.object().put("object", "decisions").put("since", since.toString());
            ArrayNode out = root.putArray("rows");
            for (Breakdowns.Recent r : rows) {
                ObjectNode n = out.addObject().put("request_id", r.requestId()).put("created_at", r.createdAt().toString())
                        .put("tenant", r.tenant()).put("feature", r.feature()).put("task", r.task()).put("sensitivity", r.sensitivity())
                        .put("entity_types", r.entityTypes()).put("requested_model", r.requestedModel()).put("provider", r.provider())
                        .put("model", r.model()).put("boundary", r.boundary()).put("decision_id", r.decisionId())
                        .put("summary", r.summary()).put("policy_version", r.policyVersion()).put("status", r.status())
                        .put("http_status", r.httpStatus()).put("fallback", r.fallback()).put("spilled", r.spilled())
                        .put("cache", r.cacheOutcome()).put("input_tokens", r.inputTokens()).put("output_tokens", r.outputTokens())
                        .put("latency_ms", r.latencyMs()).put("ttft_ms", r.ttftMs());
                n.set("cost_usd", DecimalNode.valueOf(r.costUsd()));
                n.set("baseline_usd", DecimalNode.valueOf(r.baselineUsd()));
            }
            AdminHandler.send(res, Http.JSON, JsonOut.write(root));
        });
    }

    /** GET /admin/budgets: every budget with spend in its window, utilisation and burn rate. */
    void budgets(ServerRequest req, ServerResponse res) {
        admin.guarded(req, res, () -> {
            ObjectNode root = Json.object().put("object", "budgets");
            ArrayNode rows = root.putArray("rows");
            for (BudgetStatus s : budgets.all()) {
                var b = s.budget();
                ObjectNode n = rows.addObject().put("id", b.id()).put("tenant", b.tenant()).put("scope", b.scope().wire())
                        .put("target", b.scopeValue()).put("window", b.window().wire()).put("action", b.action().wire())
                        .put("description", b.describe());
                n.set("limit_usd", DecimalNode.valueOf(Nusd.usd(b.limitNusd())));
                if (b.softNusd() == null) n.putNull("soft_usd");
                else n.set("soft_usd", DecimalNode.valueOf(Nusd.usd(b.softNusd())));
                n.set("spent_usd", DecimalNode.valueOf(Nusd.usd(s.spentNusd())));
                n.put("utilisation", s.utilisation());
                n.set("burn_usd_per_hour", DecimalNode.valueOf(Nusd.usd(s.lastHourNusd())));
                n.put("window_start", s.window().start().toString());
                if (s.window().end() == null) n.putNull("window_end");
                else n.put("window_end", s.window().end().toString());
                if (s.projectedNusd() == null) n.putNull("projected_usd");
                else n.set("projected_usd", DecimalNode.valueOf(Nusd.usd(s.projectedNusd())));
                if (s.exhaustsAt() == null) n.putNull("exhausts_at");
                else n.put("exhausts_at", s.exhaustsAt().toString());
            }
            AdminHandler.send(res, Http.JSON, JsonOut.write(root));
        });
    }

    /** GET /admin/providers?since=1h: availability, circuit, in-flight against maxConcurrency, hardware throughput use. */
    void providers(ServerRequest req, ServerResponse res) {
        admin.guarded(req, res, () -> {
            ReportQuery q = query(req, "provider", "1h");
            double seconds = (q.until().toEpochMilli() - q.since().toEpochMilli()) / 1000.0;
            var owned = breakdowns.tokensByProvider(q);
            ObjectNode root = window(Json.object().put("object", "providers"), q);
            ArrayNode rows = root.putArray("rows");
            for (ProviderConfig p : config.providers()) {
                ProviderStatus st = providers.status(p.id());
                ObjectNode n = rows.addObject().put("id", p.id()).put("kind", p.kind())
                        .put("available", st != null && st.available()).put("reason", st == null ? null : st.reason())
                        .put("circuit", breakers.of(p.id()).state().name().toLowerCase(Locale.ROOT));
                Integer max = capacity.limit(p.id());
                if (max != null) {
                    n.put("max_concurrency", max).put("in_flight", Math.round(capacity.utilisation(p.id()) * max))
                            .put("concurrency_utilisation", capacity.utilisation(p.id()));
                }
                long tokens = owned.getOrDefault(p.id(), 0L);
                n.put("tokens", tokens).put("tokens_per_second", tokens / seconds);
                if (p.hardware() != null) {
                    double cap = p.hardware().throughputTokensPerSecond();
                    n.put("throughput_tokens_per_second", cap).put("throughput_utilisation", tokens / seconds / cap)
                            .put("accelerator", p.hardware().accelerator());
                }
            }
            AdminHandler.send(res, Http.JSON, JsonOut.write(root));
        });
    }

    private static ReportQuery query(ServerRequest req, String defaultBy, String defaultSince) {
        Instant now = Instant.now();
        GroupBy by = AdminHandler.param(req, "by", defaultBy, GroupBy::parse);
        Instant since = AdminHandler.param(req, "since", defaultSince, s -> TimeSpec.parse(s, now));
        Instant until = AdminHandler.param(req, "until", null, s -> TimeSpec.parse(s, now));
        return AdminHandler.named("since", () -> new ReportQuery(by, since, until == null ? now : until, AdminHandler.text(req, "tenant")));
    }

    private static ObjectNode window(ObjectNode root, ReportQuery q) {
        root.put("since", q.since().toString()).put("until", q.until().toString());
        if (q.tenant() == null) root.putNull("tenant");
        else root.put("tenant", q.tenant());
        return root;
    }

    private static ObjectNode series(Breakdowns.Series s) {
        ObjectNode n = Json.object();
        if (s.group() == null) n.putNull("group");
        else n.put("group", s.group());
        ArrayNode req = n.putArray("requests");
        for (long v : s.requests()) req.add(v);
        decimals(n.putArray("cost_usd"), s.costUsd());
        decimals(n.putArray("baseline_usd"), s.baselineUsd());
        decimals(n.putArray("cache_savings_usd"), s.cacheSavingsUsd());
        return n;
    }

    private static void decimals(ArrayNode a, BigDecimal[] values) {
        for (BigDecimal v : values) a.add(DecimalNode.valueOf(v.stripTrailingZeros().scale() < 0 ? v.setScale(0) : v.stripTrailingZeros()));
    }

    /** "30s", "5m", "1h", "1d" to milliseconds. */
    static long stepMs(String s) {
        Matcher m = STEP.matcher(s.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("step must be 'auto' or a number with s, m, h or d (e.g. 5m), not '" + s + "'");
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        return n * unit;
    }
}
