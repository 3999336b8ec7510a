package io.computebroker.ledger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerSqlTest {
    private static LedgerEntry pendingOf(String id) throws Exception {
        byte[] b = ("{\"id\":\"" + id + "\",\"state\":\"pending\",\"createdAt\":1}").getBytes(StandardCharsets.UTF_8);
        return LedgerJson.parse(b, 0, b.length);
    }

    @Test
    void aPendingRecordSettledInTheSameBatchIsNotWritten() throws Exception {
        LedgerEntry settled = LedgerJsonTest.full();            // id req_1, settled
        LedgerEntry itsPending = pendingOf(settled.id());
        LedgerEntry stillOpen = LedgerJsonTest.pending();       // id req_2, no settled record yet
        assertThat(LedgerSql.withoutSuperseded(List.of(itsPending, stillOpen, settled))).containsExactly(stillOpen, settled);
        assertThat(LedgerSql.withoutSuperseded(List.of(itsPending, stillOpen))).containsExactly(itsPending, stillOpen);
    }

    /** Rows upserted in slices with pauses between them land exactly as in one batch, the last partial slice included. */
    @Test
    void slicedUpsertWritesEveryRow() throws Exception {
        try (io.computebroker.store.Database db = io.computebroker.store.TestStores.open("sqlite")) {
            List<LedgerEntry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) entries.add(LedgerTest.entry("s" + i, LedgerEntry.PENDING, 0, 9_000));
            for (int i = 0; i < 7; i++) entries.add(LedgerTest.entry("s" + i, LedgerEntry.SETTLED, 100 + i, 9_000));
            db.inTransaction(c -> {
                LedgerSql.upsert(c, entries, 3, 1_000);
                return null;
            });
            assertThat(LedgerTest.count(db)).isEqualTo(10);
            assertThat(LedgerTest.row(db, "s6")).containsEntry("state", "settled").containsEntry("cost", 106L);
            assertThat(LedgerTest.row(db, "s9")).containsEntry("state", "pending");
        }
    }
}
