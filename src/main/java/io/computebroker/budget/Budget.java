package io.computebroker.budget;

import java.time.Instant;
import java.util.Objects;

/**
 * A spend limit. {@code scopeValue} is the tenant, key id, feature or run it counts; {@code tenant} is
 * the owning tenant (required for feature and run budgets, whose tags are per tenant; may be null for a
 * key budget). A request that would take spend past {@code limitNusd} gets {@code action}; crossing
 * {@code softNusd} (null: none) only reports.
 */
public record Budget(String id, String tenant, Scope scope, String scopeValue, TimeWindow window, long limitNusd,
                     Long softNusd, BudgetAction action, Instant createdAt) {
    public Budget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(action, "action");
        if (scopeValue == null || scopeValue.isBlank()) throw new IllegalArgumentException(scope.wire() + " budget needs a value");
        if (scope.perTenant() && (tenant == null || tenant.isBlank()))
            throw new IllegalArgumentException(scope.wire() + " budgets need a tenant: feature and run tags are per tenant");
        if (limitNusd < 0) throw new IllegalArgumentException("limit must not be negative");
        if (softNusd != null && (softNusd < 0 || softNusd > limitNusd))
            throw new IllegalArgumentException("soft limit must lie between 0 and the limit");
    }

    /** "tenant acme", "key key_x", "feature search of tenant acme": for messages and tables. */
    public String describe() {
        String what = scope.wire() + " " + scopeValue;
        return (scope.perTenant() ? what + " of tenant " + tenant : what) + ", " + window.wire();
    }
}
