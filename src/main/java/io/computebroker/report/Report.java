package io.computebroker.report;

import java.util.List;

/** A finished report: one row per group, the totals row, and owned-provider usage in the same window. */
public record Report(ReportQuery query, List<ReportRow> rows, ReportRow total, List<OwnedUsage> owned) {
    public Report {
        rows = List.copyOf(rows);
        owned = List.copyOf(owned);
    }
}
