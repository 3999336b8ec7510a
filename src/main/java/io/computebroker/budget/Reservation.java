package io.computebroker.budget;

import java.util.List;

/**
 * What {@link BudgetLedger#reserve} granted: one hold per applicable budget, all for the same worst
 * case, and the budgets whose soft limit this request takes spend + reservations past (to warn, not
 * refuse). Pass it to {@link BudgetLedger#settle} exactly once.
 */
public record Reservation(String requestId, List<Hold> holds, List<Budget> softExceeded) {
    public Reservation {
        holds = List.copyOf(holds);
        softExceeded = List.copyOf(softExceeded);
    }

    public static Reservation none(String requestId) { return new Reservation(requestId, List.of(), List.of()); }
}
