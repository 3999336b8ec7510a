package io.computebroker.report;

import java.time.Instant;
import java.util.Objects;

/** A report over ledger rows created in [since, until), optionally for one tenant (null: all tenants). */
public record ReportQuery(GroupBy groupBy, Instant since, Instant until, String tenant) {
    public ReportQuery {
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (!since.isBefore(until)) throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        if (tenant != null && tenant.isBlank()) tenant = null;
    }
}
