package io.computebroker.budget;

/** One budget window's state: settled spend and money held for requests in flight. */
public record BudgetCounter(long spentNusd, long reservedNusd) {
    public long remainingNusd(Budget b) { return b.limitNusd() - spentNusd - reservedNusd; }
}
