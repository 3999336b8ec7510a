package io.computebroker.budget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reserve-then-settle spend control. Before a request goes upstream its worst-case cost is held on every
 * applicable budget at once (all or none); when it finishes the hold is replaced by what it actually
 * cost. Because the check counts holds of requests still in flight, concurrent requests cannot together
 * overrun a limit, provided each actual cost stays within its worst case.
 */
public interface BudgetLedger {
    /**
     * Holds {@code worstCaseNusd} on the current window of every budget in {@code budgets}.
     *
     * @throws BudgetExceededException naming the first budget that cannot take it; nothing is held then
     */
    Reservation reserve(String requestId, List<Budget> budgets, long worstCaseNusd, Instant now);

    /** Releases the holds and records {@code actualNusd} as spent (0 for a request that cost nothing). */
    void settle(Reservation reservation, long actualNusd);

    /** The counter of the budget's window at {@code now}, if that window has been used on this ledger. */
    Optional<BudgetCounter> counter(Budget budget, Instant now);
}
