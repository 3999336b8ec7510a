package io.computebroker.ledger;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's append-only ledger journal: one JSON line per record. The request path appends (a write
 * into the page cache, microseconds, survives kill -9; optionally fsync'd to survive power loss) and
 * never waits for the database. The writer thread tails it into the store and records how far it got,
 * so the journal is both the queue and the spill file: a slow or unreachable database makes it grow,
 * never drop records, and a restart replays it from the last checkpoint.
 */
final class Journal implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final boolean fsync;
    /**
     * Guards the write offset and the tail. A lock rather than {@code synchronized}: under contention
     * (50 concurrent requests) HotSpot's monitor spun before parking, and JFR put the gateway's largest
     * self-time in this class; AQS parks a waiting virtual thread almost at once.
     */
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Where the next record goes (changed only under {@link #writeLock}). Kept here and written with
     * positional writes: asking the channel for its position is an lseek each time, two per append,
     * which perf put at a third of an append's cost on the request path.
     */
    private long end;

    Journal(Path path, boolean fsync) {
        this.path = path;
        this.fsync = fsync;
        try {
            Files.createDirectories(path.getParent());
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            dropTornTail();
            this.end = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open ledger journal " + path, e);
        }
    }

    Path path() { return path; }

    /**
     * A crash mid-append can leave a partial last line. It was never a complete record (the caller had
     * not returned), and appending after it would glue the next record to it, so it is cut off.
     */
    private void dropTornTail() throws IOException {
        long size = channel.size();
        if (size == 0) return;
        long pos = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (pos > 0) {
            one.clear();
            channel.read(one, pos - 1);
            if (one.get(0) == '\n') break;
            pos--;
        }
        if (pos < size) channel.truncate(pos);
    }

    /** A record appended by this process, kept so the writer need not parse back what it just wrote. */
    private record Appended(LedgerEntry entry, long start, long end) {}

    /**
     * Records appended since the writer last read, in journal order (guarded by {@code lock}). The disk
     * stays the source of truth: replay at start, and any stretch not held here (the tail was full
     * because the store is down), is read back from the file.
     */
    private final java.util.ArrayDeque<Appended> tail = new java.util.ArrayDeque<>();
    static final int TAIL_MAX = 10_000;

    /** Appends one record; returns the journal size after it. */
    long append(LedgerEntry entry) {
        // Serialised outside the lock: concurrent requests only queue for the write itself.
        return append(entry, LedgerJson.line(entry));
    }

    /** A record waiting for the group write; the writing thread fills in {@code end} or {@code failure}. */
    private static final class Slot {
        final LedgerEntry entry;
        final byte[] line;
        /** Nobody waits for it: a failed write puts it back in the queue instead of failing it. */
        final boolean deferred;
        long end = -1;
        IOException failure;

        Slot(LedgerEntry entry, byte[] line, boolean deferred) {
            this.entry = entry;
            this.line = line;
            this.deferred = deferred;
        }
    }

    /** Records handed in and not yet written (guarded by {@link #lock}). */
    private final ArrayList<Slot> queued = new ArrayList<>();
    /**
     * One thread writes at a time, and it writes every record queued so far in one call (group commit):
     * at concurrency 50 a write per record was 6 % of the gateway's CPU and kept 50 threads queueing on
     * the file. A record's append still returns only once its bytes are written (and forced, with fsync).
     */
    private final ReentrantLock writeLock = new ReentrantLock();

    private long append(LedgerEntry entry, byte[] line) {
        Slot mine = new Slot(entry, line, false);
        lock.lock();
        try {
            queued.add(mine);
        } finally {
            lock.unlock();
        }
        writeLock.lock();
        try {
            if (mine.end < 0 && mine.failure == null) writeQueued();
        } finally {
            writeLock.unlock();
        }
        if (mine.failure != null) throw new UncheckedIOException("cannot append to ledger journal " + path, mine.failure);
        return mine.end;
    }

    /**
     * Queues a record that need not be on disk before the caller goes on (a settled record: the request's
     * pending record is already written, and a crash before this one is bills the request at its reserved
     * worst case, as any crash mid-call). It rides along with the next group write, whoever makes it: the
     * next request's pending record, or the ledger's writer at the start of its round ({@link #writeDeferred}).
     */
    void appendDeferred(LedgerEntry entry) {
        Slot slot = new Slot(entry, LedgerJson.line(entry), true); // encoded here: ~1 µs, keeps the writer's rounds short
        lock.lock();
        try {
            queued.add(slot);
        } finally {
            lock.unlock();
        }
    }

    boolean hasDeferred() {
        lock.lock();
        try {
            return !queued.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes whatever is queued, deferred records included, in one group write. Deferred records that
     * failed to be written stay queued, ahead of later ones, and the error is thrown; the next write retries.
     */
    void writeDeferred() {
        if (!hasDeferred()) return;
        IOException failure;
        writeLock.lock();
        try {
            failure = writeQueued();
        } finally {
            writeLock.unlock();
        }
        if (failure != null) throw new UncheckedIOException("cannot append to ledger journal " + path, failure);
    }

    /**
     * The group write's bytes, gathered in one direct buffer kept for the journal's life (guarded by
     * {@link #writeLock}): a heap buffer per write was ~2 KB of garbage per request at concurrency 50 (JFR), and
     * the channel copies any heap buffer into a direct one of its own before the system call anyway.
     */
    private ByteBuffer direct = ByteBuffer.allocateDirect(64 * 1024);

    private ByteBuffer writeBuffer(int bytes) {
        if (bytes > MAX_DIRECT) return ByteBuffer.allocate(bytes); // a rare huge batch: not kept
        if (bytes > direct.capacity()) direct = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes - 1) << 1);
        return direct.clear();
    }

    private static final int MAX_DIRECT = 4 << 20;

    /**
     * Writes everything queued at {@link #end} (caller holds {@link #writeLock}); returns the failure, if the
     * write failed (the waiting appends then fail; deferred records are queued again).
     */
    private IOException writeQueued() {
        List<Slot> batch;
        lock.lock();
        try {
            batch = new ArrayList<>(queued);
            queued.clear();
        } finally {
            lock.unlock();
        }
        int bytes = 0;
        for (Slot s : batch) bytes += s.line.length;
        ByteBuffer b = writeBuffer(bytes);
        for (Slot s : batch) b.put(s.line);
        b.flip();
        long start = end;
        try {
            while (b.hasRemaining()) channel.write(b, start + b.position());
            if (fsync) channel.force(false);
        } catch (IOException e) {
            // Nothing of the batch counts; the next write starts at the same offset and overwrites it.
            List<Slot> again = new ArrayList<>();
            for (Slot s : batch) {
                if (s.deferred) again.add(s);
                else s.failure = e;
            }
            lock.lock();
            try {
                queued.addAll(0, again);
            } finally {
                lock.unlock();
            }
            return e;
        }
        lock.lock();
        try {
            long at = start;
            for (Slot s : batch) {
                long next = at + s.line.length;
                s.end = next;
                if (tail.size() < TAIL_MAX) tail.addLast(new Appended(s.entry, at, next));
                at = next;
            }
            end = at;
        } finally {
            lock.unlock();
        }
        return null;
    }

    /** Entries from {@code offset} on, from memory, as long as they follow each other; null when memory does not start there. */
    private Chunk fromTail(long offset, int maxEntries) {
        lock.lock();
        try {
            while (!tail.isEmpty() && tail.peekFirst().start() < offset) tail.removeFirst();
            if (tail.isEmpty() || tail.peekFirst().start() != offset) return null;
            List<LedgerEntry> out = new ArrayList<>(Math.min(maxEntries, tail.size()));
            long end = offset;
            for (Appended a : tail) {
                if (a.start() != end || out.size() >= maxEntries) break;
                out.add(a.entry());
                end = a.end();
            }
            return new Chunk(out, end);
        } finally {
            lock.unlock();
        }
    }

    long size() {
        lock.lock();
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** Complete records from {@code offset} on (a torn last line, from a crash mid-write, is left for later). */
    record Chunk(List<LedgerEntry> entries, long endOffset) {}

    Chunk read(long offset, int maxEntries) {
        Chunk memory = fromTail(offset, maxEntries);
        if (memory != null) return memory;
        List<LedgerEntry> out = new ArrayList<>();
        long pos = Math.min(offset, size());
        try {
            long end = size();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(end - pos, 4 << 20));
            channel.read(buf, pos);
            byte[] bytes = buf.array();
            int start = 0;
            int limit = buf.position();
            for (int i = 0; i < limit && out.size() < maxEntries; i++) {
                if (bytes[i] != '\n') continue;
                if (i > start) {
                    try {
                        out.add(LedgerJson.parse(bytes, start, i - start));
                    } catch (IOException corrupt) {
                        // A damaged line (disk trouble) is skipped rather than blocking every later record.
                    }
                }
                start = i + 1;
            }
            return new Chunk(out, pos + start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ledger journal " + path, e);
        }
    }

    /**
     * Empties the journal once everything in it is in the store. {@code resetCheckpoint} runs first,
     * under the append lock, so no record can slip in between: a crash after it but before the
     * truncation only replays records the store already has (upserts are idempotent).
     */
    boolean truncateIfFullyApplied(long appliedOffset, Runnable resetCheckpoint) {
        writeLock.lock(); // no group write in flight: it would land at the old offset
        lock.lock();
        try {
            if (appliedOffset < channel.size()) return false;
            resetCheckpoint.run();
            tail.clear(); // all applied; offsets start again at 0
            channel.truncate(0);
            end = 0;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        lock.lock();
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
            writeLock.unlock();
        }
    }
}
