package io.computebroker.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;
import io.computebroker.economics.OwnedReport;
import io.computebroker.report.DerivedRow;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Tables and JSON for the economics parts of {@code report}: derived metrics (seed 004) and owned utilisation over time. */
final class EconomicsTables {
    private EconomicsTables() {}

    static void derived(PrintWriter out, String groupName, List<DerivedRow> rows) {
        if (rows.isEmpty()) return;
        TextTable t = new TextTable(List.of(groupName, "REQUESTS", "ACCEPTED %", "USD/ACCEPTED", "P95 MS", "CACHE HIT %", "RETRY %",
                "BATCH-ELIGIBLE %", "UTILISATION %", "EXTERNAL"), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (DerivedRow r : rows) {
            t.row(List.of(r.group() == null ? "(none)" : r.group(), Long.toString(r.requests()), pct(r.acceptedRate()),
                    r.costPerAcceptedUsd() == null ? "-" : r.costPerAcceptedUsd().setScale(6, RoundingMode.HALF_UP).toPlainString(),
                    r.p95LatencyMs() == null ? "-" : r.p95LatencyMs().toString(), pct(r.cacheHitRate()), pct(r.retryRate()),
                    r.batchEligibleShare() == null ? "-" : pct(r.batchEligibleShare()), r.meanUtilisation() == null ? "-" : pct(r.meanUtilisation()),
                    Long.toString(r.external())));
        }
        out.println();
        out.println("derived (seed 004): cost per accepted output, tail latency, cache, retries, batchability, utilisation");
        t.print(out);
    }

    static ArrayNode derivedJson(List<DerivedRow> rows) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (DerivedRow r : rows) {
            ObjectNode n = a.addObject();
            n.put("group", r.group()).put("requests", r.requests()).put("accepted", r.accepted());
            n.put("cost_usd", r.costUsd()).put("cost_per_accepted_usd", r.costPerAcceptedUsd());
            n.put("p95_latency_ms", r.p95LatencyMs()).put("accepted_rate", r.acceptedRate()).put("cache_hit_rate", r.cacheHitRate())
                    .put("retry_rate", r.retryRate()).put("batch_eligible_share", r.batchEligibleShare())
                    .put("mean_utilisation", r.meanUtilisation()).put("external", r.external());
        }
        return a;
    }

    static void owned(PrintWriter out, List<OwnedReport.Point> points) {
        if (points.isEmpty()) {
            out.println("no owned provider has a hardware profile (providers[].hardware in the config)");
            return;
        }
        TextTable t = new TextTable(List.of("OWNED PROVIDER", "FROM", "REQUESTS", "TOKENS", "TOKENS/S", "UTILISATION %", "TCO USD",
                "USD/1M EFFECTIVE", "IDLE USD"), 2, 3, 4, 5, 6, 7, 8);
        String last = null;
        for (OwnedReport.Point p : points) {
            if (last != null && !last.equals(p.provider())) t.rule();
            last = p.provider();
            t.row(List.of(p.provider(), p.start() == null ? "TOTAL" : p.start().toString(), Long.toString(p.requests()), Long.toString(p.tokens()),
                    String.format(Locale.ROOT, "%.2f", p.tokensPerSecond()), pct(p.utilisation()), money(p.costUsd()), p.effectivePerMillion() == null ? "-" : money(p.effectivePerMillion()), money(p.idleUsd())));
        }
        t.print(out);
    }

    static ObjectNode ownedJson(List<OwnedReport.Point> points) {
        ObjectNode root = Json.object().put("object", "owned_report");
        ArrayNode a = root.putArray("points");
        for (OwnedReport.Point p : points) {
            ObjectNode n = a.addObject().put("provider", p.provider());
            n.put("start", p.start() == null ? null : p.start().toString()).put("end", p.end() == null ? null : p.end().toString());
            n.put("requests", p.requests()).put("tokens", p.tokens()).put("tokens_per_second", p.tokensPerSecond()).put("utilisation", p.utilisation()).put("tco_usd", p.costUsd())
                    .put("effective_usd_per_million", p.effectivePerMillion()).put("idle_usd", p.idleUsd());
        }
        return root;
    }

    private static String pct(double v) { return String.format(Locale.ROOT, "%.1f", 100 * v); }

    private static String money(BigDecimal v) { return v.setScale(4, RoundingMode.HALF_UP).toPlainString(); }
}
