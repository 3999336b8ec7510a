package io.computebroker.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer reads what this process appended from memory; what it gets must be what the file holds. */
class JournalTest {
    @TempDir Path dir;

    private static List<LedgerEntry> entries(int n) {
        List<LedgerEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(i % 2 == 0 ? LedgerJsonTest.full() : LedgerJsonTest.pending());
        return out;
    }

    @Test
    void memoryAndDiskReadsAgreeChunkByChunk() {
        Path file = dir.resolve("j.jsonl");
        List<LedgerEntry> written = entries(25);
        List<Long> ends = new ArrayList<>();
        try (Journal j = new Journal(file, false)) {
            for (LedgerEntry e : written) ends.add(j.append(e));
            Journal.Chunk first = j.read(0, 10);
            assertThat(first.entries()).isEqualTo(written.subList(0, 10));
            assertThat(first.endOffset()).isEqualTo(ends.get(9));
            Journal.Chunk rest = j.read(first.endOffset(), 100);
            assertThat(rest.entries()).isEqualTo(written.subList(10, 25));
            assertThat(rest.endOffset()).isEqualTo(j.size());
        }
        try (Journal reopened = new Journal(file, false)) { // nothing in memory: parsed from the file
            Journal.Chunk all = reopened.read(0, 100);
            assertThat(all.entries()).isEqualTo(written);
            assertThat(all.endOffset()).isEqualTo(ends.get(24));
            Journal.Chunk middle = reopened.read(ends.get(4), 3);
            assertThat(middle.entries()).isEqualTo(written.subList(5, 8));
            assertThat(middle.endOffset()).isEqualTo(ends.get(7));
        }
    }

    @Test
    void beyondTheMemoryCapTheRestIsReadFromDisk() {
        int n = Journal.TAIL_MAX + 7;
        List<LedgerEntry> written = entries(n);
        try (Journal j = new Journal(dir.resolve("big.jsonl"), false)) {
            for (LedgerEntry e : written) j.append(e);
            List<LedgerEntry> read = new ArrayList<>();
            long offset = 0;
            while (offset < j.size()) {
                Journal.Chunk c = j.read(offset, 500);
                read.addAll(c.entries());
                offset = c.endOffset();
            }
            assertThat(read).isEqualTo(written);
            j.append(written.get(0)); // after the overflow, new records are in memory again, at the right offset
            assertThat(j.read(offset, 10).entries()).containsExactly(written.get(0));
        }
    }

    @Test
    void afterTruncationOffsetsStartAgain() {
        try (Journal j = new Journal(dir.resolve("t.jsonl"), false)) {
            long end = j.append(LedgerJsonTest.full());
            assertThat(j.read(0, 10).entries()).hasSize(1);
            assertThat(j.truncateIfFullyApplied(end, () -> {})).isTrue();
            j.append(LedgerJsonTest.pending());
            assertThat(j.read(0, 10).entries()).containsExactly(LedgerJsonTest.pending());
        }
    }

    /** Group commit: records appended from many threads at once all land, each at the offset its append returned. */
    @Test
    void concurrentAppendsAreAllWrittenWhereTheirAppendSaid() throws Exception {
        Path file = dir.resolve("concurrent.jsonl");
        int threads = 32, each = 300;
        java.util.Map<Long, String> idAtEnd = new java.util.concurrent.ConcurrentHashMap<>();
        try (Journal j = new Journal(file, false)) {
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            String id = "req_" + thread + "_" + i;
                            long end = j.append(LedgerBench.LedgerFixture.row(id, LedgerEntry.SETTLED));
                            assertThat(idAtEnd.put(end, id)).as("two appends returned the same end").isNull();
                        }
                        return null;
                    });
                }
            }
            assertThat(idAtEnd).hasSize(threads * each);
            assertThat(j.size()).isEqualTo(java.util.Collections.max(idAtEnd.keySet()));
        }
        try (Journal reopened = new Journal(file, false)) { // parsed from the file: the order the ends promise
            List<String> onDisk = new ArrayList<>();
            long offset = 0;
            while (offset < reopened.size()) {
                Journal.Chunk c = reopened.read(offset, 1_000);
                c.entries().forEach(e -> onDisk.add(e.id()));
                offset = c.endOffset();
            }
            List<String> byEnd = new java.util.TreeMap<>(idAtEnd).values().stream().toList();
            assertThat(onDisk).isEqualTo(byEnd);
        }
    }

    /** A deferred (settled) record is not on disk until the next group write, the writer's or a durable append's, and lands in order. */
    @Test
    void deferredRecordsWaitForTheWriterAndLandInOrder() {
        Path file = dir.resolve("deferred.jsonl");
        LedgerEntry pending = LedgerBench.LedgerFixture.row("req_a", LedgerEntry.PENDING);
        LedgerEntry settledA = LedgerBench.LedgerFixture.row("req_a", LedgerEntry.SETTLED);
        LedgerEntry settledB = LedgerBench.LedgerFixture.row("req_b", LedgerEntry.SETTLED);
        try (Journal j = new Journal(file, false)) {
            long afterPending = j.append(pending);
            j.appendDeferred(settledA);
            j.appendDeferred(settledB);
            assertThat(j.size()).as("the request thread wrote nothing for the settled records").isEqualTo(afterPending);
            assertThat(j.hasDeferred()).isTrue();
            j.writeDeferred();
            assertThat(j.hasDeferred()).isFalse();
            assertThat(j.size()).isGreaterThan(afterPending);
            assertThat(j.read(0, 10).entries()).containsExactly(pending, settledA, settledB);
            j.writeDeferred(); // nothing left: no write
            assertThat(j.read(0, 10).entries()).hasSize(3);
            LedgerEntry settledC = LedgerBench.LedgerFixture.row("req_c", LedgerEntry.SETTLED);
            LedgerEntry pendingD = LedgerBench.LedgerFixture.row("req_d", LedgerEntry.PENDING);
            j.appendDeferred(settledC);
            long afterD = j.append(pendingD); // the next durable append takes the queued record along, ahead of its own
            assertThat(j.hasDeferred()).isFalse();
            assertThat(afterD).isEqualTo(j.size());
            assertThat(j.read(0, 10).entries()).containsExactly(pending, settledA, settledB, settledC, pendingD);
        }
        try (Journal reopened = new Journal(file, false)) {
            assertThat(reopened.read(0, 10).entries()).hasSize(5).startsWith(pending, settledA, settledB);
        }
    }

    /** With fsync each group write is also forced to disk; records read back the same, across a reopen. */
    @Test
    void fsyncJournalKeepsEveryRecord() {
        Path file = dir.resolve("fsync.jsonl");
        List<LedgerEntry> written = entries(5);
        try (Journal j = new Journal(file, true)) {
            for (LedgerEntry e : written) j.append(e);
            j.appendDeferred(written.get(0));
            j.writeDeferred();
            assertThat(j.read(0, 10).entries()).hasSize(6).startsWith(written.toArray(new LedgerEntry[0]));
        }
        try (Journal reopened = new Journal(file, true)) {
            assertThat(reopened.read(0, 10).entries()).hasSize(6).startsWith(written.toArray(new LedgerEntry[0]));
        }
    }
}
