package io.computebroker.budget;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared ledger, as two nodes (two clients, two pools) on the machine's Redis. */
class RedisBudgetLedgerTest extends BudgetLedgerContract {
    static final Duration TTL = Duration.ofMinutes(5);
    TestRedis redis;

    @BeforeEach
    void redis() { redis = new TestRedis(); }

    @AfterEach
    void cleanUp() {
        String prefix = redis.prefix;
        redis.close();
        try (TestRedis check = new TestRedis()) {
            assertThat(check.client().keys(prefix + "*")).isEmpty();
        }
    }

    @Override
    List<BudgetLedger> nodes(SpendSource spend) {
        return List.of(node(spend, TTL), node(spend, TTL));
    }

    RedisBudgetLedger node(SpendSource spend, Duration ttl) {
        return new RedisBudgetLedger(redis.client(), redis.prefix, spend, ttl);
    }

    @Test
    void aDeadNodesHoldIsReleasedWhenItExpiresAndItsLateSettleOnlyAddsSpend() {
        Budget b = tenantBudget("bud_dead", 100);
        RedisBudgetLedger dying = node((x, s) -> 0, Duration.ofMillis(300));
        RedisBudgetLedger alive = node((x, s) -> 0, TTL);
        Instant t0 = now();
        Reservation orphan = dying.reserve("r-dead", List.of(b), 80, t0);        // then the node "dies"
        assertThatThrownBy(() -> alive.reserve("r1", List.of(b), 30, t0.plusMillis(299)))
                .isInstanceOf(BudgetExceededException.class);
        Reservation r = alive.reserve("r2", List.of(b), 30, t0.plusMillis(301));  // the expired hold is purged first
        assertThat(alive.counter(b, t0)).contains(new BudgetCounter(0, 30));
        dying.settle(orphan, 50);                                                // came back late: hold is gone
        assertThat(alive.counter(b, t0)).contains(new BudgetCounter(50, 30));
        alive.settle(r, 30);
        assertThat(alive.counter(b, t0)).contains(new BudgetCounter(80, 0));
    }

    @Test
    void aDeadNodesHoldExpiresInRealTimeToo() throws InterruptedException {
        Budget b = tenantBudget("bud_dead_rt", 100);
        node((x, s) -> 0, Duration.ofMillis(200)).reserve("r-dead", List.of(b), 100, Instant.now());
        RedisBudgetLedger alive = node((x, s) -> 0, TTL);
        assertThatThrownBy(() -> alive.reserve("r1", List.of(b), 1, Instant.now())).isInstanceOf(BudgetExceededException.class);
        Thread.sleep(250);
        assertThat(alive.reserve("r2", List.of(b), 100, Instant.now()).holds()).hasSize(1);
    }

    @Test
    void aRetriedReserveReplacesTheRequestsHoldInsteadOfAddingOne() {
        Budget b = tenantBudget("bud_retry", 100);
        RedisBudgetLedger ledger = node((x, s) -> 0, TTL);
        Instant now = now();
        ledger.reserve("r1", List.of(b), 60, now);
        Reservation again = ledger.reserve("r1", List.of(b), 70, now);  // a client retry after a timeout
        assertThat(ledger.counter(b, now)).contains(new BudgetCounter(0, 70));
        ledger.settle(again, 65);
        assertThat(ledger.counter(b, now)).contains(new BudgetCounter(65, 0));
    }

    @Test
    void windowKeysExpireADayAfterTheWindowEndsAndTotalKeysNever() {
        Budget day = tenantBudget("bud_day", 100);
        Budget total = budget("bud_total", Scope.TENANT, "acme", TimeWindow.TOTAL, 100, null);
        RedisBudgetLedger ledger = node((x, s) -> 0, TTL);
        Instant now = now();
        ledger.reserve("r1", List.of(day, total), 10, now);
        var client = redis.client();
        String dayKey = redis.prefix + "budget:bud_day:" + TimeWindow.DAY.span(now).key();
        long expected = Duration.between(Instant.now(), TimeWindow.DAY.span(now).end().plus(Duration.ofDays(1)).plus(TTL)).toSeconds();
        assertThat(client.ttl(dayKey)).isBetween(expected - 5, expected + 5);
        assertThat(client.ttl(dayKey + ":holds")).isBetween(expected - 5, expected + 5);
        assertThat(client.ttl(redis.prefix + "budget:bud_total:total")).isEqualTo(-1);
        assertThat(client.hgetAll(dayKey)).containsEntry("reserved", "10").containsEntry("spent", "0");
    }

    @Test
    void amountsBeyondLuasPrintPrecisionStayExact() {
        // 9e15 nusd = $9M: above %.14g, so any number formatted by Lua would come back rounded.
        long limit = 9_000_000_000_000_001L / 1000 * 1000 + 7;
        Budget b = tenantBudget("bud_big", limit);
        RedisBudgetLedger ledger = node((x, s) -> limit - 3, TTL);
        Instant now = now();
        Reservation r = ledger.reserve("r1", List.of(b), 3, now);
        assertThat(ledger.counter(b, now)).contains(new BudgetCounter(limit - 3, 3));
        ledger.settle(r, 2);
        assertThat(ledger.counter(b, now)).contains(new BudgetCounter(limit - 1, 0));
        assertThatThrownBy(() -> ledger.reserve("r2", List.of(b), 2, now)).isInstanceOf(BudgetExceededException.class);
        Budget unlimited = tenantBudget("bud_unlimited", Long.MAX_VALUE);   // acts as 2^53 - 1 instead of failing
        assertThat(node((x, s) -> 0, TTL).reserve("r3", List.of(unlimited), 1_000_000 * USD, now).holds()).hasSize(1);
    }
}
