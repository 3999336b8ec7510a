package io.computebroker.budget;

/**
 * What an operator asks for when setting a budget; the store gives it an id. Identity is (scope, value,
 * window) plus the tenant for feature and run budgets: setting the same target again updates it.
 */
public record BudgetSpec(String tenant, Scope scope, String scopeValue, TimeWindow window, long limitNusd, Long softNusd,
                         BudgetAction action) {
    public BudgetSpec {
        if (scope == Scope.TENANT && scopeValue == null) scopeValue = tenant;
        if (scope == Scope.TENANT && tenant == null) tenant = scopeValue;
        if (scope == Scope.TENANT && (tenant == null || !tenant.equals(scopeValue)))
            throw new IllegalArgumentException("a tenant budget's value is its tenant");
        if (action == null) action = BudgetAction.REJECT;
    }

    public static BudgetSpec tenant(String tenant, TimeWindow window, long limitNusd) {
        return new BudgetSpec(tenant, Scope.TENANT, tenant, window, limitNusd, null, BudgetAction.REJECT);
    }

    public BudgetSpec withSoft(Long softNusd) {
        return new BudgetSpec(tenant, scope, scopeValue, window, limitNusd, softNusd, action);
    }
}
