package io.computebroker.batch;

import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The durable queue on both stores: leases, their expiry, resumption after a restart, cancellation, totals. */
class BatchStoreTest {
    static final long T0 = 1_700_000_000_000L, DAY = 86_400_000L;

    static Batch batch(String id, String tenant, long createdAt, long deadline) {
        return new Batch(id, tenant, "key_1", "/v1/chat/completions", "file-in", null, null, "24h", Batch.IN_PROGRESS, null, null, null,
                createdAt, createdAt, deadline, null, null, null, null, null, null);
    }

    static List<BatchStore.NewItem> items(String prefix, int n) {
        return java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(i -> new BatchStore.NewItem(prefix + i, i, "c" + i, "{\"model\":\"auto\",\"messages\":[]}")).toList();
    }

    static BatchQueue.Outcome ok(String requestId, long cost, long sync) {
        return new BatchQueue.Outcome(BatchItem.DONE, requestId, "owned", "gpu-model", 200, "{\"ok\":true}", 10, 2, 5, 0, cost, sync);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void leasesAreExclusiveExpireAndResumeAfterARestart(String kind) {
        try (Database db = TestStores.open(kind)) {
            BatchStore store = new BatchStore(db);
            store.create(batch("b_late", "acme", T0, T0 + 2 * DAY), items("late", 1));
            store.create(batch("b_soon", "acme", T0, T0 + DAY), items("soon", 2));
            // Nearest deadline first. While owned is busy, items nobody has looked at yet qualify (is there an
            // owned route at all?); once known to have one, an item waits for owned capacity or its margin.
            assertThat(store.queue().claimable(T0, T0, true, 10)).extracting(BatchItem::id).containsExactly("soon1", "soon2", "late1");
            assertThat(store.queue().claimable(T0, T0, false, 10)).extracting(BatchItem::id).containsExactly("soon1", "soon2", "late1");
            assertThat(store.queue().claim("late1", "n0", T0, T0 + 60_000)).isTrue();
            store.queue().release("late1", "n0", T0, false, true);
            assertThat(store.queue().claimable(T0, T0, false, 10)).extracting(BatchItem::id).containsExactly("soon1", "soon2");
            assertThat(store.queue().claimable(T0, T0 + 2 * DAY, false, 10)).extracting(BatchItem::id).containsExactly("soon1", "soon2", "late1");
            assertThat(store.queue().claimable(T0, T0, true, 10).get(2).ownedRoute()).isTrue();

            assertThat(store.queue().claim("soon1", "n1", T0, T0 + 60_000)).isTrue();
            assertThat(store.queue().claim("soon1", "n2", T0 + 1_000, T0 + 61_000)).isFalse(); // n1 holds it
            assertThat(store.queue().claimable(T0 + 1_000, T0, true, 10)).extracting(BatchItem::id).doesNotContain("soon1");

            // n1 dies: once its lease runs out another node takes the item, and n1's late result is refused.
            assertThat(store.queue().claimable(T0 + 60_001, T0, true, 10)).extracting(BatchItem::id).contains("soon1");
            assertThat(store.queue().claim("soon1", "n2", T0 + 60_001, T0 + 120_000)).isTrue();
            assertThat(store.queue().complete("soon1", "n1", ok("r1", 5, 9), T0 + 60_002)).isFalse();
            assertThat(store.queue().complete("soon1", "n2", ok("r2", 5, 9), T0 + 60_003)).isTrue();

            // A restart of n3 puts back what it held, at once (no need to wait for the lease).
            assertThat(store.queue().claim("soon2", "n3", T0, T0 + 600_000)).isTrue();
            assertThat(store.queue().resume("n3")).isEqualTo(1);
            assertThat(store.queue().claimable(T0 + 1, T0, true, 10)).extracting(BatchItem::id).containsExactly("soon2", "late1");

            // An item no owned model can serve has nothing to wait for: it qualifies while owned capacity is busy.
            assertThat(store.queue().claim("late1", "n1", T0, T0 + 60_000)).isTrue();
            store.queue().release("late1", "n1", T0, false, false);
            assertThat(store.queue().claimable(T0, T0, false, 10)).extracting(BatchItem::id).containsExactly("soon2", "late1");
            assertThat(store.queue().claimable(T0, T0, false, 10).get(1).noOwnedRoute()).isTrue();

            // A retry waits for its back-off.
            assertThat(store.queue().claim("soon2", "n1", T0, T0 + 60_000)).isTrue();
            store.queue().release("soon2", "n1", T0 + 5_000, true, null);
            assertThat(store.queue().claimable(T0 + 4_999, T0 + DAY, true, 10)).extracting(BatchItem::id).doesNotContain("soon2");
            assertThat(store.queue().claimable(T0 + 5_000, T0 + DAY, true, 10).get(0).attempts()).isEqualTo(1);

            BatchTotals t = store.queue().totals("b_soon");
            assertThat(t.total()).isEqualTo(2);
            assertThat(t.completed()).isEqualTo(1);
            assertThat(t.pending()).isEqualTo(1);
            assertThat(t.costNusd()).isEqualTo(5);
            assertThat(t.syncNusd()).isEqualTo(9);
            assertThat(t.routes()).containsEntry("owned", 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void cancelAndExpiryEndQueuedItemsAndTenantsSeeOnlyTheirOwn(String kind) {
        try (Database db = TestStores.open(kind)) {
            BatchStore store = new BatchStore(db);
            store.create(batch("b1", "acme", T0, T0 + DAY), items("x", 3));
            store.create(batch("b2", "acme", T0 + 1, T0 + DAY), items("y", 1));
            store.create(batch("b3", "globex", T0 + 2, T0 + DAY), items("z", 1));
            assertThat(store.queue().claim("x1", "n1", T0, T0 + 60_000)).isTrue();

            Batch cancelling = store.cancel("acme", "b1", T0 + 10).orElseThrow();
            assertThat(cancelling.status()).isEqualTo(Batch.CANCELLING);
            assertThat(store.cancel("globex", "b1", T0 + 10)).isEmpty();
            BatchTotals t = store.queue().totals("b1");
            assertThat(t.pending()).isEqualTo(1); // the running one finishes
            assertThat(t.failed()).isEqualTo(2);

            assertThat(store.queue().expireQueued("b2", T0 + DAY)).isEqualTo(1);
            assertThat(store.queue().results("b2")).extracting(BatchQueue.Result::state).containsExactly(BatchItem.EXPIRED);

            assertThat(store.list("acme", null, 10)).extracting(Batch::id).containsExactly("b2", "b1");
            assertThat(store.list("acme", "b2", 10)).extracting(Batch::id).containsExactly("b1");
            assertThat(store.list("acme", "b3", 10)).as("another tenant's batch is no cursor").isEmpty();
            assertThat(store.batch("globex", "b1")).isEmpty();
            assertThat(store.transition("b2", Batch.IN_PROGRESS, Batch.FINALIZING, T0 + DAY)).isTrue();
            assertThat(store.transition("b2", Batch.IN_PROGRESS, Batch.FINALIZING, T0 + DAY)).isFalse(); // one finalizer wins

            BatchFile f = store.files().putFile("file-1", "acme", BatchFile.PURPOSE_BATCH, "in.jsonl", "{\"a\":\"é\"}\n", T0);
            assertThat(f.bytes()).isEqualTo(11);
            assertThat(store.files().content("acme", "file-1")).hasValue("{\"a\":\"é\"}\n");
            assertThat(store.files().content("globex", "file-1")).isEmpty();
            store.files().putFile("file-2", "acme", BatchFile.PURPOSE_BATCH, "out.jsonl", "{}\n", T0 + 1);
            store.files().putFile("file-3", "acme", BatchFile.PURPOSE_BATCH, "err.jsonl", "{}\n", T0 + 1); // same time: by id
            assertThat(store.files().list("acme", null, null, false, 10)).extracting(BatchFile::id).containsExactly("file-3", "file-2", "file-1");
            assertThat(store.files().list("acme", "batch", "file-3", false, 10)).extracting(BatchFile::id).containsExactly("file-2", "file-1");
            assertThat(store.files().list("acme", null, "file-1", true, 1)).extracting(BatchFile::id).containsExactly("file-2");
            assertThat(store.files().list("acme", "assistants", null, false, 10)).isEmpty();
            store.files().putFile("file-9", "globex", BatchFile.PURPOSE_BATCH, "g.jsonl", "{}\n", T0 + 5);
            assertThat(store.files().list("acme", null, "file-9", false, 10)).as("another tenant's file is no cursor").isEmpty();
            assertThat(store.files().delete("globex", "file-2")).isFalse();
            assertThat(store.files().delete("acme", "file-2")).isTrue();
            assertThat(store.files().list("acme", null, null, true, 10)).extracting(BatchFile::id).containsExactly("file-1", "file-3");
        }
    }
}
