package io.computebroker.ledger;

import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's write side on both stores: journal → store, idempotent replay, crash recovery. */
class LedgerTest {

    static LedgerEntry entry(String id, String state, long costNusd, long reservedNusd) {
        boolean settled = !state.equals(LedgerEntry.PENDING);
        return new LedgerEntry(id, 1_700_000_000_000L, settled ? 1_700_000_001_000L : null, state, "n1", "acme", "key_1", "inbox", null,
                "summarize", "confidential", "EMAIL", "pol_x", "dec_" + id, "m via auto", "auto", "own", "m", "owned", "eu",
                settled ? 1 : 0, null, false, false, false, settled ? "ok" : null, settled ? 200 : null, null,
                settled ? 1000 : 0, settled ? 200 : 0, 0, settled ? 50 : 0, 0, false, costNusd, settled ? 5 * costNusd : 0,
                reservedNusd, null, settled ? 120L : null, null, "none", "ab".repeat(32), null, null);
    }

    static Map<String, Object> row(Database db, String id) {
        return db.with(c -> {
            try (var ps = c.prepareStatement("SELECT state, cost_nusd, reserved_nusd, status, output_tokens, usage_estimated FROM ledger WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) return Map.of();
                    return Map.of("state", rs.getString(1), "cost", rs.getLong(2), "reserved", rs.getLong(3),
                            "status", String.valueOf(rs.getString(4)), "out", rs.getLong(5), "estimated", rs.getInt(6));
                }
            }
        });
    }

    static long count(Database db) {
        return db.with(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ledger")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void pendingThenSettledBecomesOneSettledRow(String kind) {
        Path dir = TestStores.tempDir();
        try (Database db = TestStores.open(kind); Ledger l = Ledger.open(db, dir, "n1", false)) {
            l.record(entry("r1", LedgerEntry.PENDING, 0, 9_000));
            l.record(entry("r1", LedgerEntry.SETTLED, 1_234, 9_000));
            l.record(entry("r2", LedgerEntry.PENDING, 0, 5_000));
            assertThat(l.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(row(db, "r1")).containsEntry("state", "settled").containsEntry("cost", 1_234L).containsEntry("out", 50L);
            assertThat(row(db, "r2")).containsEntry("state", "pending");
            assertThat(count(db)).isEqualTo(2);
            // A late pending record for a settled request never downgrades it.
            l.record(entry("r1", LedgerEntry.PENDING, 0, 9_000));
            l.flush(Duration.ofSeconds(5));
            assertThat(row(db, "r1")).containsEntry("state", "settled");
        }
    }

    /**
     * Settled records reach the store without a flush (the writer journals them in its next round), a flush
     * covers them, and close journals any handed over after the last round.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void settledRecordsHandedOverLandWithoutWaitingOnTheRequest(String kind) throws Exception {
        Path dir = TestStores.tempDir();
        try (Database db = TestStores.open(kind)) {
            try (Ledger l = Ledger.open(db, dir, "n1", false)) {
                l.record(entry("s1", LedgerEntry.PENDING, 0, 9_000));
                l.recordSettled(entry("s1", LedgerEntry.SETTLED, 1_234, 9_000));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!"settled".equals(row(db, "s1").get("state")) && System.nanoTime() < deadline) Thread.sleep(5);
                assertThat(row(db, "s1")).containsEntry("state", "settled").containsEntry("cost", 1_234L);
                l.record(entry("s2", LedgerEntry.PENDING, 0, 9_000));
                l.recordSettled(entry("s2", LedgerEntry.SETTLED, 77, 9_000));
                assertThat(l.flush(Duration.ofSeconds(5))).isTrue();
                assertThat(row(db, "s2")).containsEntry("state", "settled").containsEntry("cost", 77L);
                l.record(entry("s3", LedgerEntry.PENDING, 0, 9_000));
                l.recordSettled(entry("s3", LedgerEntry.SETTLED, 5, 9_000));
            }
            try (Ledger reopened = Ledger.open(db, dir, "n1", false)) { // s3's settled record was journaled at close
                assertThat(reopened.flush(Duration.ofSeconds(5))).isTrue();
                assertThat(row(db, "s3")).containsEntry("state", "settled").containsEntry("cost", 5L);
            }
        }
    }

    /**
     * A settled record deferred until the answer is sent is not handed over before then, and a flush from
     * another thread (a caller that already has its answer) waits for it instead of missing it.
     */
    @Test
    void aFlushWaitsForSettledRecordsDeferredUntilTheAnswerIsSent() throws Exception {
        Path dir = TestStores.tempDir();
        try (Database db = TestStores.open("sqlite"); Ledger l = Ledger.open(db, dir, "n1", false)) {
            java.util.concurrent.CountDownLatch answerSent = new java.util.concurrent.CountDownLatch(1);
            Thread request = deferring(l, "a1", 321, answerSent);
            assertThat(l.flush(Duration.ofMillis(100))).as("the settled record is not handed over yet").isFalse();
            assertThat(row(db, "a1").get("state")).isNotEqualTo("settled");
            var flushed = java.util.concurrent.CompletableFuture.supplyAsync(() -> l.flush(Duration.ofSeconds(10)));
            Thread.sleep(50);
            assertThat(flushed).isNotDone();
            answerSent.countDown();
            assertThat(flushed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(row(db, "a1")).containsEntry("state", "settled").containsEntry("cost", 321L);
            request.join();
            // A flush waits for what was deferred before it began, not for later ones: under steady traffic
            // something is always deferred, and the flush must still end.
            java.util.concurrent.CountDownLatch releaseEarly = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch releaseLate = new java.util.concurrent.CountDownLatch(1);
            Thread early = deferring(l, "e1", 11, releaseEarly);
            var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> l.flush(Duration.ofSeconds(10)));
            Thread.sleep(50);
            Thread late = deferring(l, "e2", 11, releaseLate);
            assertThat(waiting).isNotDone();
            releaseEarly.countDown();
            assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("ends though e2 is still deferred").isTrue();
            assertThat(row(db, "e1")).containsEntry("state", "settled");
            releaseLate.countDown();
            early.join();
            late.join();
            assertThat(l.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(row(db, "e2")).containsEntry("state", "settled");
            // Outside a scope nothing waits for an answer: the record is handed over at once.
            l.record(entry("a2", LedgerEntry.PENDING, 0, 9_000));
            l.settleAfterAnswer(() -> l.recordSettled(entry("a2", LedgerEntry.SETTLED, 7, 9_000)));
            assertThat(l.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(row(db, "a2")).containsEntry("state", "settled");
        }
    }

    /**
     * A request thread that defers its settled record (cost {@code costNusd}) and sends its answer once
     * {@code release} opens; returns when it has deferred.
     */
    private static Thread deferring(Ledger l, String id, long costNusd, java.util.concurrent.CountDownLatch release) throws InterruptedException {
        java.util.concurrent.CountDownLatch deferred = new java.util.concurrent.CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            io.computebroker.settle.AfterAnswer.open();
            try {
                l.record(entry(id, LedgerEntry.PENDING, 0, 9_000));
                l.settleAfterAnswer(() -> l.recordSettled(entry(id, LedgerEntry.SETTLED, costNusd, 9_000)));
                deferred.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                io.computebroker.settle.AfterAnswer.run();
            }
        });
        deferred.await();
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void restartReplaysTheJournalAndBillsUnsettledRowsAtTheirWorstCase(String kind) throws Exception {
        Path dir = TestStores.tempDir();
        String pg = kind.equals("postgres") ? TestStores.freshPostgresUrl() : null;
        try (Database db = pg != null ? Database.openPostgres(pg) : Database.openSqlite(dir)) {
            // Simulate a crash: records reach the journal but the writer never applied them (no Ledger.open here).
            Journal j = new Journal(dir.resolve("ledger-journal-n1.jsonl"), false);
            j.append(entry("a", LedgerEntry.PENDING, 0, 7_000));
            j.append(entry("a", LedgerEntry.SETTLED, 2_000, 7_000));
            j.append(entry("b", LedgerEntry.PENDING, 0, 9_999));
            j.close();
            assertThat(count(db)).isZero();
            try (Ledger l = Ledger.open(db, dir, "n1", false)) {
                assertThat(row(db, "a")).containsEntry("state", "settled").containsEntry("cost", 2_000L);
                assertThat(row(db, "b")).containsEntry("state", "recovered").containsEntry("cost", 9_999L)
                        .containsEntry("status", "unsettled").containsEntry("estimated", 1);
            }
            // Opening again replays nothing twice.
            try (Ledger again = Ledger.open(db, dir, "n1", false)) {
                assertThat(count(db)).isEqualTo(2);
                assertThat(row(db, "b")).containsEntry("state", "recovered");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aTornLastLineFromACrashIsCutAndEverythingBeforeItLands(String kind) throws Exception {
        Path dir = TestStores.tempDir();
        try (Database db = TestStores.open(kind)) {
            Journal j = new Journal(dir.resolve("ledger-journal-n1.jsonl"), false);
            j.append(entry("x", LedgerEntry.SETTLED, 10, 10));
            j.close();
            java.nio.file.Files.writeString(dir.resolve("ledger-journal-n1.jsonl"), "{\"id\":\"torn", java.nio.file.StandardOpenOption.APPEND);
            try (Ledger l = Ledger.open(db, dir, "n1", false)) {
                assertThat(row(db, "x")).containsEntry("state", "settled");
                l.record(entry("y", LedgerEntry.SETTLED, 20, 20));
                assertThat(l.flush(Duration.ofSeconds(5))).isTrue();
                assertThat(count(db)).isEqualTo(2);
                assertThat(row(db, "y")).containsEntry("cost", 20L);
            }
        }
    }

    /**
     * Under steady load the writer commits at most once per linger period: records that arrive while it
     * commits wait for its next round instead of getting a transaction of their own (before, a busy writer
     * went straight back to the journal: ~150 small transactions a second at concurrency 1).
     */
    @Test
    void steadyLoadSharesTransactions() throws Exception {
        Path dir = TestStores.tempDir();
        try (Database db = TestStores.open("sqlite"); Ledger l = Ledger.open(db, dir, "n1", false)) {
            long before = l.commits();
            long start = System.nanoTime();
            int n = 0;
            while (System.nanoTime() - start < 600_000_000L) {
                l.record(entry("s" + n, LedgerEntry.PENDING, 0, 9_000));
                l.record(entry("s" + n, LedgerEntry.SETTLED, 10, 9_000));
                n++;
                LockSupport.parkNanos(50_000);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            long commits = l.commits() - before;
            assertThat(l.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(count(db)).isEqualTo(n);
            // One round per LINGER_MS at most, one commit per round (each round takes fewer than BATCH records).
            assertThat(n * 2L / (elapsedMs / Ledger.LINGER_MS + 1)).as("records per round").isLessThan(Ledger.BATCH);
            assertThat(commits).as("%d records in %d ms", n * 2, elapsedMs).isLessThanOrEqualTo(elapsedMs / Ledger.LINGER_MS + 2);
        }
    }
}
