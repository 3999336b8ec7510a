package io.computebroker.budget;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one budget stands now: spend in its current window, and how fast it is burning (spend over the
 * last hour, as USD per hour). {@code projectedNusd} is the window's spend at its end if the last hour's
 * rate holds (null for the endless {@code total} window); {@code exhaustsAt} is when the hard limit is
 * reached at that rate (null when not burning, or already past it).
 */
public record BudgetStatus(Budget budget, WindowSpan window, long spentNusd, long lastHourNusd, Long projectedNusd, Instant exhaustsAt) {

    public double utilisation() { return budget.limitNusd() == 0 ? (spentNusd > 0 ? 1 : 0) : (double) spentNusd / budget.limitNusd(); }

    static BudgetStatus of(Budget b, Instant now, long spent, long lastHour) {
        WindowSpan w = b.window().span(now);
        Long projected = null;
        if (!w.endless()) {
            double hoursLeft = Math.max(0, Duration.between(now, w.end()).toMillis()) / 3_600_000.0;
            projected = spent + Math.round(lastHour * hoursLeft);
        }
        Instant exhausts = null;
        long left = b.limitNusd() - spent;
        if (lastHour > 0 && left > 0) {
            exhausts = now.plusMillis(Math.round(left / (double) lastHour * 3_600_000.0));
            if (!w.endless() && exhausts.isAfter(w.end())) exhausts = null; // the window resets first
        }
        return new BudgetStatus(b, w, spent, lastHour, projected, exhausts);
    }
}
