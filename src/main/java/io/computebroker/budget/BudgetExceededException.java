package io.computebroker.budget;

/**
 * A request's worst case does not fit a budget: spent + reserved + worst case > limit. Nothing was held
 * on any budget. {@code budget().action()} says whether to refuse or to try a cheaper model.
 */
public final class BudgetExceededException extends RuntimeException {
    private final Budget budget;
    private final long spentNusd;
    private final long reservedNusd;
    private final long limitNusd;

    public BudgetExceededException(Budget budget, long spentNusd, long reservedNusd, long limitNusd) {
        super("budget " + budget.id() + " (" + budget.describe() + ") is exhausted: spent " + Usd.format(spentNusd)
                + " and " + Usd.format(reservedNusd) + " held for requests in flight of " + Usd.format(limitNusd));
        this.budget = budget;
        this.spentNusd = spentNusd;
        this.reservedNusd = reservedNusd;
        this.limitNusd = limitNusd;
    }

    public Budget budget() { return budget; }
    public long spentNusd() { return spentNusd; }
    public long reservedNusd() { return reservedNusd; }
    public long limitNusd() { return limitNusd; }
    /** What is left for a new request right now (may be negative after an overrun). */
    public long availableNusd() { return limitNusd - spentNusd - reservedNusd; }
}
