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

    Journal(Path path, boolean fsync) {
        this.path = path;
        this.fsync = fsync;
        try {
            Files.createDirectories(path.getParent());
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            dropTornTail();
            channel.position(channel.size());
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

    /** Appends one record; returns the journal size after it. */
    long append(LedgerEntry entry) {
        // Serialised outside the lock: concurrent requests only queue for the write itself.
        return append(LedgerJson.line(entry));
    }

    private synchronized long append(byte[] line) {
        try {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) channel.write(b);
            if (fsync) channel.force(false);
            return channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to ledger journal " + path, e);
        }
    }

    synchronized long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Complete records from {@code offset} on (a torn last line, from a crash mid-write, is left for later). */
    record Chunk(List<LedgerEntry> entries, long endOffset) {}

    Chunk read(long offset, int maxEntries) {
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
    synchronized boolean truncateIfFullyApplied(long appliedOffset, Runnable resetCheckpoint) {
        try {
            if (appliedOffset < channel.size()) return false;
            resetCheckpoint.run();
            channel.truncate(0);
            channel.position(0);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
