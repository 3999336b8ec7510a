package io.computebroker.report;

import io.computebroker.store.Database;

import java.time.Duration;
import java.time.Instant;

/**
 * The ledger the report tests sum by hand: three models over three UTC days, with a cache hit, a
 * semantic hit, a miss, an error, fallbacks, spills, a pending row and rows just outside the window.
 * One cost (2^53 + 1 nano-USD) is beyond what a double holds exactly, so any float on the way fails.
 */
public final class ReportFixture {
    public static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    public static final Instant SINCE = T0.minus(Duration.ofDays(1));
    public static final Instant UNTIL = T0.plus(Duration.ofDays(3));
    public static final long BIG = 9_007_199_254_740_993L;

    private ReportFixture() {}

    public static void insert(Database db) {
        LedgerRow.at(T0.plus(Duration.ofHours(1))).tenant("acme").key("key_a").feature("chat").task("classify")
                .route("local", "m-owned", "owned", "eu").tokens(1000, 0, 200, 0).money(123_456_789, 9_876_543_210L)
                .latency(100L, 20L).insert(db);
        LedgerRow.at(T0.plus(Duration.ofHours(2))).tenant("acme").key("key_a").feature("chat").task("extract")
                .route("local", "m-owned", "owned", "eu").tokens(500, 400, 100, 0).money(1, 3_000_000_001L)
                .latency(300L, null).cache("hit").insert(db);
        LedgerRow.at(T0.plus(Duration.ofHours(25))).tenant("acme").key("key_b").feature("code").task("code")
                .route("cloud", "m-front", "frontier", "us").error("upstream 500").fallback().tokens(300, 0, 0, 0)
                .latency(5000L, null).insert(db);
        LedgerRow.at(T0.plus(Duration.ofHours(26))).tenant("beta").key("key_c").task("reasoning")
                .route("cloud", "m-front", "frontier", "us").fallback().spilled().tokens(2000, 1000, 900, 600)
                .money(BIG, BIG + 2).latency(2000L, 400L).cache("miss").insert(db);
        LedgerRow.at(T0.plus(Duration.ofHours(48))).tenant("beta").key("key_c").task("chat")
                .route("market", "m-mkt", "marketplace", "us").spilled().tokens(50, 0, 70, 0).money(999, 1_000_000)
                .latency(250L, 50L).cache("semantic_hit").insert(db);
        LedgerRow.at(T0.plus(Duration.ofHours(49))).tenant("beta").task("chat")
                .route("market", "m-mkt", "marketplace", "us").pending(5000).insert(db);
        // Outside [SINCE, UNTIL): before it, and exactly at its (exclusive) end.
        LedgerRow.at(SINCE.minusMillis(1)).tenant("acme").key("key_a").route("local", "m-owned", "owned", "eu")
                .tokens(10, 0, 10, 0).money(5_000_000_000L, 6_000_000_000L).latency(1L, 1L).insert(db);
        LedgerRow.at(UNTIL).tenant("acme").key("key_a").route("local", "m-owned", "owned", "eu")
                .tokens(10, 0, 10, 0).money(5_000_000_000L, 6_000_000_000L).latency(1L, 1L).insert(db);
    }
}
