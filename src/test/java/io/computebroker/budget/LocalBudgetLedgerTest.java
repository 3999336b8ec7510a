package io.computebroker.budget;

import java.util.List;

class LocalBudgetLedgerTest extends BudgetLedgerContract {
    @Override
    List<BudgetLedger> nodes(SpendSource spend) { return List.of(new LocalBudgetLedger(spend)); }
}
