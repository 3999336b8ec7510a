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
}
