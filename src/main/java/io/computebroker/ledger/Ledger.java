package io.computebroker.ledger;

import io.computebroker.settle.AfterAnswer;
import io.computebroker.store.Database;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The token ledger's write side. {@link #record} appends to this node's {@link Journal} (the request
 * path's only cost); a writer thread applies the journal to the store in batches, each batch and the
 * new checkpoint in one transaction. On start, {@link #open} replays what the last run left and settles
 * the rows that never got their settled record (a crash between dispatch and settle) at their reserved
 * worst case, flagged {@code recovered}.
 */
public final class Ledger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Ledger.class.getName());
    static final int BATCH = 500;
    static final long ROTATE_BYTES = 64L << 20;

    private final Database db;
    private final Journal journal;
    private final String node;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private volatile long appended;
    private volatile long applied;
    private volatile boolean closed;
    /** The writer is waiting for work (guarded by {@link #lock}). */
    private boolean writerIdle;
    /**
     * The least time between two of the writer's rounds, so records accumulate into one transaction. Rows
     * cost ~75 µs each in SQLite here and a transaction ~1 ms more: at 5 ms the writer spent 145 µs per call
     * at concurrency 1 and 520 µs at 200 calls/s (a transaction per call); at 25 ms, 87 and 220. It holds
     * under steady load too, not only after an idle wait: a writer that went straight back to the journal
     * committed whatever arrived during its last commit, ~150 transactions a second at concurrency 1 with
     * ~19 WAL pages each (strace). The journal holds the records durably meanwhile, so only the store's
     * view of the last 25 ms lags.
     */
    static final long LINGER_MS = 25;
    /** The longest an idle writer waits before it looks at the journal again unasked. */
    static final long IDLE_WAIT_MS = 200;
    private final Thread writer;
    /** Store transactions committed so far (written by one thread at a time: open, then the writer). */
    private volatile long commits;

    private Ledger(Database db, Path dataDir, String node, boolean fsync) {
        this.db = db;
        this.node = node;
        this.journal = new Journal(dataDir.resolve("ledger-journal-" + node.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jsonl"), fsync);
        this.applied = checkpoint();
        this.appended = journal.size(); // complete records only: a torn tail was cut on open
        this.writer = Thread.ofPlatform().daemon().name("ledger-writer").unstarted(this::writeLoop);
    }

    /** Opens the ledger: replays the journal, recovers unsettled rows of this node, starts the writer. */
    public static Ledger open(Database db, Path dataDir, String node, boolean fsync) {
        Ledger l = new Ledger(db, dataDir, node, fsync);
        l.drain();
        int recovered = l.recoverUnsettled();
        if (recovered > 0) LOG.warning(recovered + " ledger rows of node " + node + " had no settled record; settled at their reserved worst case");
        l.writer.start();
        return l;
    }

    public String node() { return node; }

    /**
     * Appends a record and returns once it is in the journal: a pending record, which must be on disk
     * before any byte goes upstream. Never touches the database, and does not wake an idle writer: that
     * wake-up would sit between the request and its upstream call (signalling an idle thread cost its
     * signaller 20 µs at p50 and 145 µs at p99 on the bench's VM, and below ~40 calls/s the writer is idle
     * at every call). The request's settled record wakes it after the answer has gone; a call that runs
     * longer has its pending row in the store within the writer's idle wait ({@link #IDLE_WAIT_MS}), and
     * {@link #flush} wakes it for anyone who must see the row now.
     */
    public void record(LedgerEntry entry) {
        long end = journal.append(entry);
        lock.lock();
        try {
            if (end > appended) appended = end;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a settled record without waiting for the disk: it goes out with the next group write, the next
     * request's pending record or the writer's, at the start of its next round (≤ {@link #LINGER_MS} later).
     * On the request path this saves a {@code pwrite} before the answer goes out (the two journal appends
     * were ~21 % of the request threads' samples at concurrency 50 in {@code perf}). The cost: a crash in
     * that window leaves the request's pending row, which a restart bills at its reserved worst case,
     * flagged {@code recovered}, as for a crash mid-call.
     */
    public void recordSettled(LedgerEntry entry) {
        journal.appendDeferred(entry);
        lock.lock();
        try {
            if (writerIdle) work.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Settled records deferred until their answers are sent and not yet handed over, by the order they were
     * deferred in (see {@link #flush}): a flush waits for those deferred before it began, not for a count to
     * reach zero, which under steady traffic it might never do.
     */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> afterAnswer = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final java.util.concurrent.atomic.AtomicLong afterAnswerSeq = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Runs {@code record} (which hands over a settled record) once the request's answer is sent, when the
     * request's thread has an {@link AfterAnswer} scope, else now. {@link #flush} waits for deferred ones, so a
     * caller that has its answer and then flushes finds the settled row.
     */
    public void settleAfterAnswer(Runnable record) {
        if (!AfterAnswer.active()) {
            record.run();
            return;
        }
        Long seq = afterAnswerSeq.getAndIncrement();
        afterAnswer.add(seq);
        AfterAnswer.defer(() -> {
            try {
                record.run();
            } finally {
                afterAnswer.remove(seq);
            }
        });
    }

    /** Journals the handed-over settled records now; their offsets count as appended. */
    private void writeDeferred() {
        journal.writeDeferred();
        long end = journal.size();
        lock.lock();
        try {
            if (end > appended) appended = end;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything recorded so far is in the store (tests, shutdown, reports). */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Answers already sent whose settled records are still being handed over: microseconds away.
        long before = afterAnswerSeq.get();
        Long oldest;
        while ((oldest = afterAnswer.ceiling(Long.MIN_VALUE)) != null && oldest < before) {
            if (System.nanoTime() >= deadline) return false;
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
        writeDeferred();
        long target = appended;
        lock.lock();
        try {
            work.signal();
            while (applied < target && journal.size() >= target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        long lastRound = System.nanoTime();
        while (!closed) {
            try {
                lock.lock();
                try {
                    if (applied >= journal.size() && !journal.hasDeferred() && !closed) {
                        writerIdle = true;
                        try {
                            work.await(IDLE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
                        } finally {
                            writerIdle = false;
                        }
                        lastRound = System.nanoTime(); // an idle writer lingers a full round after its wake-up
                    }
                } finally {
                    lock.unlock();
                }
                // Let the records of concurrent requests share one transaction instead of one each: at
                // most one round per LINGER_MS, whether the writer was idle or still busy with the last.
                long wait = lastRound + LINGER_MS * 1_000_000 - System.nanoTime();
                if (wait > 0 && !closed) java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
                lastRound = System.nanoTime();
                writeDeferred();
                drain(PAUSE_NANOS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) return; // interrupted at shutdown mid-write: the journal still has it for next start
                // Store down or slow: the journal keeps every record; retry after a pause.
                LOG.log(Level.WARNING, "ledger store write failed, will retry: " + e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * Applies the journal from the checkpoint to where it ended when this round began, batch by batch.
     * Records appended meanwhile wait for the next round: chasing them here would commit a transaction
     * for each handful that arrived during the last commit.
     */
    private void drain() { drain(0); }

    /**
     * In the writer's rounds the upsert pauses {@value #PAUSE_NANOS} ns after every {@value #SLICE} rows, inside
     * the round's one transaction: on two cores a round of a few ms held a core that the request, its caller
     * and its upstream were waiting for, and the scheduler lets a running thread finish its slice (ms) before
     * a woken one runs. Committing per slice instead cost a third more gateway CPU per call at concurrency 50.
     * Eight rows rather than 32: added p99 at concurrency 1 0.96 / 1.23 ms against 1.16 / 1.31 ms (small
     * prompt, two alternating `bench latency` pairs; better in five of the six pairs over three request
     * shapes), with concurrency 50 unchanged (16.5 / 17.2 % of direct against 16.3 / 15.3 %).
     */
    static final int SLICE = 8;
    static final long PAUSE_NANOS = 100_000;

    private void drain(long pauseNanos) {
        long target = journal.size();
        while (applied < target) {
            Journal.Chunk chunk = journal.read(applied, BATCH);
            if (chunk.endOffset() <= applied) break;
            long end = chunk.endOffset();
            db.inTransaction(c -> {
                if (!chunk.entries().isEmpty()) LedgerSql.upsert(c, chunk.entries(), SLICE, pauseNanos);
                saveCheckpoint(c, end);
                return null;
            });
            commits++;
            lock.lock();
            try {
                applied = end;
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
        if (applied >= ROTATE_BYTES) {
            journal.truncateIfFullyApplied(applied, () -> {
                db.with(c -> { saveCheckpoint(c, 0); return null; });
                applied = 0;
                appended = 0;
            });
        }
    }

    private long checkpoint() {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT offset_bytes FROM ledger_checkpoints WHERE node = ?")) {
                ps.setString(1, node);
                try (ResultSet rs = ps.executeQuery()) {
                    long saved = rs.next() ? rs.getLong(1) : 0;
                    // A journal shorter than the checkpoint was rotated: everything in it is new.
                    return saved > journal.size() ? 0 : saved;
                }
            }
        });
    }

    private void saveCheckpoint(java.sql.Connection c, long offset) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_checkpoints (node, journal, offset_bytes, updated_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (node) DO UPDATE SET journal = excluded.journal,"
                + " offset_bytes = excluded.offset_bytes, updated_at = excluded.updated_at")) {
            ps.setString(1, node);
            ps.setString(2, journal.path().toString());
            ps.setLong(3, offset);
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        }
    }

    /** Rows this node left pending: billed at their reserved worst case, flagged so reports can show them. */
    private int recoverUnsettled() {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ledger SET state = 'recovered', status = 'unsettled',"
                    + " cost_nusd = reserved_nusd, usage_estimated = 1, settled_at = ?,"
                    + " error = 'process ended before the request settled; billed at the reserved worst case'"
                    + " WHERE state = 'pending' AND node = ?")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, node);
                return ps.executeUpdate();
            }
        });
    }

    public Database database() { return db; }

    long commits() { return commits; }

    @Override
    public void close() {
        try {
            flush(Duration.ofSeconds(5));
        } catch (RuntimeException e) { // the journal keeps what reached it; the next start applies it
            LOG.log(Level.WARNING, "ledger flush at close failed: " + e.getMessage());
        }
        closed = true;
        writer.interrupt();
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            journal.writeDeferred(); // settled records handed over after the flush
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ledger journal write at close failed: " + e.getMessage());
        }
        journal.close();
    }
}
