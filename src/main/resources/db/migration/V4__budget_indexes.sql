-- Budget lookups on the request path and spend-so-far queries for key budgets.
CREATE INDEX budgets_value ON budgets (scope_value);
CREATE INDEX budgets_tenant ON budgets (tenant);
CREATE INDEX ledger_key_time ON ledger (key_id, created_at);
