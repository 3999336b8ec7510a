package io.computebroker.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every budget's {@link BudgetStatus}, from the ledger (settled spend). Two small queries per budget, so
 * the answer is kept for {@link #TTL}: a dashboard refresh and a metrics scrape every few seconds cost
 * the store one pass, not one per reader.
 */
public final class BudgetStatuses {
    static final Duration TTL = Duration.ofSeconds(5);

    private final Supplier<List<Budget>> budgets;
    private final SpendSource spend;
    private final Supplier<Instant> clock;
    private volatile Snapshot last;

    private record Snapshot(Instant at, List<BudgetStatus> statuses) {}

    /** {@code budgets}: the definitions (normally {@code BudgetStore::list}). */
    public BudgetStatuses(Supplier<List<Budget>> budgets, SpendSource spend, Supplier<Instant> clock) {
        this.budgets = budgets;
        this.spend = spend;
        this.clock = clock;
    }

    public List<BudgetStatus> all() {
        Instant now = clock.get();
        Snapshot s = last;
        if (s != null && Duration.between(s.at(), now).compareTo(TTL) < 0) return s.statuses();
        List<BudgetStatus> out = new ArrayList<>();
        for (Budget b : budgets.get()) {
            long spent = spend.spentNusd(b, b.window().span(now).start());
            long lastHour = spend.spentNusd(b, now.minus(Duration.ofHours(1)));
            out.add(BudgetStatus.of(b, now, spent, lastHour));
        }
        List<BudgetStatus> statuses = List.copyOf(out);
        last = new Snapshot(now, statuses);
        return statuses;
    }
}
