package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ProviderConfig;
import io.computebroker.report.GroupBy;
import io.computebroker.report.JsonOut;
import io.computebroker.report.Money;
import io.computebroker.report.OwnedUsage;
import io.computebroker.report.Percentiles;
import io.computebroker.report.Report;
import io.computebroker.report.ReportJson;
import io.computebroker.report.ReportQuery;
import io.computebroker.report.ReportRow;
import io.computebroker.report.Reports;
import io.computebroker.report.TimeSpec;
import io.computebroker.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Spend, savings, latency and reliability from the ledger, grouped by one dimension.")
final class ReportCommand implements Callable<Integer> {
    private static final List<String> NUMBERS = List.of("REQUESTS", "ERRORS", "UNSETTLED", "INPUT TOK", "CACHED TOK", "OUTPUT TOK",
            "REASON TOK", "COST USD", "BASELINE USD", "SAVINGS USD", "SAVINGS %", "CACHE SAVED USD", "P50 MS", "P95 MS", "P99 MS",
            "TTFT P50", "TTFT P95", "TTFT P99", "ERROR %", "FALLBACK %", "SPILL %");

    @Spec CommandSpec spec;
    @Mixin ConfigOptions config;

    @Option(names = "--by", defaultValue = "model", description = "tenant, key, feature, model, provider, task, lane or day (default: ${DEFAULT-VALUE})")
    String by;
    @Option(names = "--since", defaultValue = "30d", description = "30d, 24h, 90m, 2026-11-01 or an ISO instant (default: ${DEFAULT-VALUE})")
    String since;
    @Option(names = "--until", description = "end of the window, same forms as --since (default: now)")
    String until;
    @Option(names = "--tenant", description = "only this tenant's requests") String tenant;
    @Option(names = "--json", description = "JSON with full-precision money instead of a table") boolean json;
    @Option(names = "--owned", description = "utilisation of each owned provider over time instead (needs providers[].hardware)") boolean owned;
    @Option(names = "--bucket", defaultValue = "day", description = "with --owned: day or hour (default: ${DEFAULT-VALUE})") String bucket;

    @Override
    public Integer call() {
        ReportQuery query = query(Instant.now());
        BrokerConfig cfg = config.load();
        PrintWriter out = spec.commandLine().getOut();
        if (owned) return owned(out, cfg, query);
        Report report;
        List<io.computebroker.report.DerivedRow> derived;
        try (Database db = config.openStore()) {
            report = new Reports(db).report(query);
            derived = new io.computebroker.report.DerivedMetrics(db).rows(query);
        }
        Map<String, Double> throughput = throughput(cfg);
        if (json) out.println(JsonOut.pretty(ReportJson.toJson(report, throughput).set("derived", EconomicsTables.derivedJson(derived))));
        else {
            print(out, report, throughput);
            EconomicsTables.derived(out, query.groupBy().wire().toUpperCase(Locale.ROOT), derived);
        }
        out.flush();
        return 0;
    }

    private int owned(PrintWriter out, BrokerConfig cfg, ReportQuery q) {
        java.time.Duration size = switch (bucket.strip().toLowerCase(Locale.ROOT)) {
            case "day" -> java.time.Duration.ofDays(1);
            case "hour" -> java.time.Duration.ofHours(1);
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--bucket must be day or hour, not '" + bucket + "'");
        };
        List<io.computebroker.economics.OwnedReport.Point> points;
        try (Database db = config.openStore()) {
            points = io.computebroker.economics.OwnedReport.points(db, io.computebroker.economics.OwnedCost.hardware(cfg), q.since(), q.until(), size);
        }
        if (json) out.println(JsonOut.pretty(EconomicsTables.ownedJson(points)));
        else {
            out.printf("owned capacity %s .. %s, by %s (utilisation = tokens / (throughput x time); TCO pro rata of the monthly cost)%n",
                    q.since(), q.until(), bucket);
            EconomicsTables.owned(out, points);
        }
        out.flush();
        return 0;
    }

    private ReportQuery query(Instant now) {
        try {
            return new ReportQuery(GroupBy.parse(by), TimeSpec.parse(since, now), until == null ? now : TimeSpec.parse(until, now), tenant);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Sustained tokens/s of each owned provider with a hardware profile: the denominator of utilisation. */
    static Map<String, Double> throughput(BrokerConfig cfg) {
        Map<String, Double> out = new HashMap<>();
        for (ProviderConfig p : cfg.providers()) {
            if (p.hardware() != null) out.put(p.id(), p.hardware().throughputTokensPerSecond());
        }
        return out;
    }

    private static void print(PrintWriter out, Report r, Map<String, Double> throughput) {
        out.printf("window %s .. %s   tenant %s   by %s%n", r.query().since(), r.query().until(),
                r.query().tenant() == null ? "(all)" : r.query().tenant(), r.query().groupBy().wire());
        List<String> headers = new ArrayList<>();
        headers.add(r.query().groupBy().wire().toUpperCase(Locale.ROOT));
        headers.addAll(NUMBERS);
        int[] numeric = new int[NUMBERS.size()];
        for (int i = 0; i < numeric.length; i++) numeric[i] = i + 1;
        TextTable table = new TextTable(headers, numeric);
        for (ReportRow row : r.rows()) table.row(cells(row.group() == null ? "(none)" : row.group(), row));
        table.rule().row(cells("TOTAL", r.total()));
        table.print(out);
        if (!r.owned().isEmpty()) {
            out.println();
            TextTable owned = new TextTable(List.of("OWNED PROVIDER", "TOKENS", "TOKENS/S", "CAPACITY TOK/S", "UTILISATION %"), 1, 2, 3, 4);
            for (OwnedUsage o : r.owned()) {
                Double cap = throughput.get(o.provider());
                owned.row(List.of(o.provider(), Long.toString(o.tokens()), fixed(o.tokensPerSecond(), 2),
                        cap == null ? "-" : fixed(cap, 0), cap == null ? "-" : fixed(100 * o.tokensPerSecond() / cap, 2)));
            }
            owned.print(out);
        }
    }

    private static List<String> cells(String group, ReportRow r) {
        Percentiles l = r.latencyMs();
        Percentiles t = r.ttftMs();
        return List.of(group, n(r.requests()), n(r.errors()), n(r.unsettled()), n(r.inputTokens()), n(r.cachedInputTokens()),
                n(r.outputTokens()), n(r.reasoningTokens()), Money.table(r.costUsd()), Money.table(r.baselineUsd()), Money.table(r.savingsUsd()),
                percent(r.savingsPercent()), Money.table(r.cacheSavingsUsd()), ms(l.p50()), ms(l.p95()), ms(l.p99()),
                ms(t.p50()), ms(t.p95()), ms(t.p99()), fixed(100 * r.errorRate(), 1), fixed(100 * r.fallbackRate(), 1),
                fixed(100 * r.spillRate(), 1));
    }

    private static String n(long v) { return Long.toString(v); }

    private static String ms(Long v) { return v == null ? "-" : Long.toString(v); }

    private static String percent(BigDecimal p) { return p == null ? "-" : p.toPlainString(); }

    private static String fixed(double v, int places) { return String.format(Locale.ROOT, "%." + places + "f", v); }
}
