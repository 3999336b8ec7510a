package io.computebroker.budget;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Burn rate, projection and exhaustion time of a budget, on a fixed clock. */
class BudgetStatusTest {
    static final Instant NOON = Instant.parse("2026-11-10T12:00:00Z");
    static final long USD = 1_000_000_000L;

    static Budget daily(long limit) {
        return new Budget("bud_1", "acme", Scope.TENANT, "acme", TimeWindow.DAY, limit, null, BudgetAction.REJECT, NOON);
    }

    @Test
    void projectsTheLastHoursRateToTheEndOfTheWindowAndSaysWhenTheLimitIsHit() {
        // $4 spent today, $1 of it in the last hour; 12 h left: $4 + 12 × $1 = $16 projected; $10 limit hit in 6 h.
        BudgetStatus s = BudgetStatus.of(daily(10 * USD), NOON, 4 * USD, USD);
        assertThat(s.utilisation()).isEqualTo(0.4);
        assertThat(s.window().start()).isEqualTo(Instant.parse("2026-11-10T00:00:00Z"));
        assertThat(s.projectedNusd()).isEqualTo(16 * USD);
        assertThat(s.exhaustsAt()).isEqualTo(Instant.parse("2026-11-10T18:00:00Z"));
    }

    @Test
    void noExhaustionWhenTheWindowResetsFirstOrNothingBurns() {
        assertThat(BudgetStatus.of(daily(100 * USD), NOON, 4 * USD, USD).exhaustsAt()).as("96 h away, the day ends first").isNull();
        assertThat(BudgetStatus.of(daily(10 * USD), NOON, 4 * USD, 0).exhaustsAt()).isNull();
        assertThat(BudgetStatus.of(daily(10 * USD), NOON, 12 * USD, USD).exhaustsAt()).as("already past the limit").isNull();
        Budget total = new Budget("bud_2", "acme", Scope.TENANT, "acme", TimeWindow.TOTAL, 10 * USD, null, BudgetAction.REJECT, NOON);
        BudgetStatus endless = BudgetStatus.of(total, NOON, 4 * USD, USD);
        assertThat(endless.projectedNusd()).as("the total window never ends").isNull();
        assertThat(endless.exhaustsAt()).isEqualTo(NOON.plusSeconds(6 * 3600));
    }

    @Test
    void statusesAreReadOncePerFewSeconds() {
        AtomicInteger queries = new AtomicInteger();
        SpendSource spend = (b, since) -> {
            queries.incrementAndGet();
            return USD;
        };
        Instant[] now = {NOON};
        BudgetStatuses statuses = new BudgetStatuses(() -> List.of(daily(10 * USD)), spend, () -> now[0]);
        assertThat(statuses.all()).hasSize(1);
        statuses.all();
        assertThat(queries.get()).isEqualTo(2); // window spend + last hour, once
        now[0] = NOON.plus(BudgetStatuses.TTL);
        statuses.all();
        assertThat(queries.get()).isEqualTo(4);
    }
}
