package io.computebroker.report;

import io.computebroker.classify.sensitivity.Sensitivity;

import java.time.Instant;
import java.util.Objects;

/**
 * Which ledger rows an audit covers: created in [since, until), at or above {@code minSensitivity}
 * (null: every level, and rows with none recorded), for one tenant (null: all).
 */
public record AuditQuery(Sensitivity minSensitivity, String tenant, Instant since, Instant until) {
    public AuditQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (!since.isBefore(until)) throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        if (tenant != null && tenant.isBlank()) tenant = null;
    }
}
