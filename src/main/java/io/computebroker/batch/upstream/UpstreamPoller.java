package io.computebroker.batch.upstream;

import io.computebroker.batch.Batch;
import io.computebroker.batch.BatchItem;
import io.computebroker.batch.BatchQueue;
import io.computebroker.batch.BatchStore;
import io.computebroker.batch.ItemRequest;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Usage;
import io.computebroker.identify.KeyStore;
import io.computebroker.ledger.Nusd;
import io.computebroker.pipeline.Exchange;
import io.computebroker.pipeline.Handoff;
import io.computebroker.policy.BatchPolicy;
import io.computebroker.settle.Cost;
import io.computebroker.settle.CostCalculator;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Looks after submitted upstream batches, on whichever node claims them (a lease on the row, which is
 * also the time of the next look): polls the provider, and once its batch has ended downloads the output
 * and error files, maps each line back to its item by {@code custom_id}, and settles it — ledger row at
 * the discounted price, reservation, result in the caller's batch. A batch a stopped node was still
 * submitting is found at the provider by its input file and tag, or its items are queued again (they
 * never reached it); where the provider cannot tell (Anthropic), they fail rather than risk running twice.
 */
public final class UpstreamPoller {
    private static final Logger LOG = Logger.getLogger(UpstreamPoller.class.getName());

    private final UpstreamBatches up;
    private final BatchStore batches;
    private final KeyStore keys;

    public UpstreamPoller(UpstreamBatches up, BatchStore batches, KeyStore keys) {
        this.up = up;
        this.batches = batches;
        this.keys = keys;
    }

    /** One pass over the upstream batches due a look; returns how many items were settled. */
    public int poll(BatchPolicy p) {
        int settled = 0;
        for (UpstreamStore.Row row : up.store.due(up.clock.millis())) {
            long now = up.clock.millis();
            ProviderBatchApi api = up.apis.get(row.provider());
            if (api == null || !up.store.claim(row.id(), up.node, now, now + p.leaseMs(), p.leaseMs())) continue;
            try {
                settled += look(row, api, p);
            } catch (ProviderBatchApi.Refused | ProviderBatchApi.Unknown e) {
                LOG.log(Level.WARNING, "batch lane: cannot read upstream batch " + row.id() + " at " + row.provider() + "; will retry: "
                        + e.getMessage());
                up.store.polled(row.id(), up.node, row.upstreamStatus(), now + p.upstreamPollMs());
            }
        }
        return settled;
    }

    private int look(UpstreamStore.Row row, ProviderBatchApi api, BatchPolicy p) {
        long now = up.clock.millis();
        ProviderBatchApi.Seen b;
        if (row.upstreamId() == null) { // a node stopped while submitting it: does the provider have it?
            Optional<ProviderBatchApi.Seen> found = api.find(row.inputFileId(), row.id());
            if (found.isEmpty() && !api.canFind()) { // it may have run: sending again could run it twice, so it fails
                int settled = 0;
                BrokerException unknown = new BrokerException(ErrorKind.UPSTREAM, "provider " + row.provider() + " may or may not have"
                        + " received this request (the broker stopped while creating its batch); it was not sent again");
                for (UpstreamStore.Held h : up.store.held(row.id())) settled += settle(row, h, new ProviderBatchApi.Result(null, unknown)) ? 1 : 0;
                up.store.finish(row.id(), "unknown", now);
                return settled;
            }
            if (found.isEmpty()) {
                int n = up.abandon(row.id(), now);
                LOG.warning("batch lane: upstream batch " + row.id() + " never reached " + row.provider() + "; " + n + " items queued again");
                return 0;
            }
            b = found.get();
            up.store.submitted(row.id(), up.node, b.id(), row.inputFileId(), b.status(), now);
        } else {
            b = api.get(row.upstreamId());
        }
        if (!b.ended()) {
            up.store.polled(row.id(), up.node, b.status(), now + p.upstreamPollMs());
            return 0;
        }
        Map<String, ProviderBatchApi.Result> results = api.results(b);
        int settled = 0;
        for (UpstreamStore.Held h : up.store.held(row.id())) {
            ProviderBatchApi.Result r = results.get(h.item().id());
            if (r == null) r = new ProviderBatchApi.Result(null, unanswered(b, api.why(b), row.provider()));
            settled += settle(row, h, r) ? 1 : 0;
        }
        up.store.finish(row.id(), b.status(), up.clock.millis());
        return settled;
    }

    private static BrokerException unanswered(ProviderBatchApi.Seen b, String why, String provider) {
        return new BrokerException(ErrorKind.UPSTREAM, "provider " + provider + "'s batch ended (" + b.status()
                + ") without answering this request" + (why.isBlank() ? "" : ": " + why));
    }

    /** One item's answer (or its absence) into the ledger and the caller's batch. */
    private boolean settle(UpstreamStore.Row row, UpstreamStore.Held h, ProviderBatchApi.Result result) {
        BatchItem item = h.item();
        long now = up.clock.millis();
        Batch batch = batches.batchForDrainer(item.batchId()).orElse(null);
        ModelConfig model = up.models.get(h.model());
        ItemRequest req;
        try {
            if (batch == null || model == null) throw new BrokerException(ErrorKind.INTERNAL, "the batch or model of this item is gone");
            req = ItemRequest.of(batch, item.body(), keys);
        } catch (BrokerException e) { // nobody to bill: the key was revoked meanwhile
            up.admitted.remove(item.id());
            return up.store.complete(item.id(), row.id(), failure(h, e, batch == null ? null : req(batch)), now);
        }
        ModelConfig syncRoute = h.syncModel() == null ? null : up.models.get(h.syncModel());
        Exchange ex = new Exchange(h.requestId(), req.principal(), req.request(), req.declared(), req.wire(), Map.of(), System.nanoTime(),
                up.lane(syncRoute));
        Handoff.Admitted a = up.admitted.remove(item.id());
        if (a == null) a = up.handoff.readmit(ex, model);
        if (result.answer() != null) {
            ChatResponse answer = result.answer();
            Cost cost = up.handoff.settle(ex, a, answer, row.createdAt());
            Usage u = answer.usage();
            long nusd = Nusd.of(cost.totalUsd());
            long sync = syncRoute == null ? nusd : Nusd.of(CostCalculator.cost(u, syncRoute.price(), false).totalUsd());
            return up.store.complete(item.id(), row.id(), new BatchQueue.Outcome(BatchItem.DONE, h.requestId(), "discounted", model.id(), 200,
                    req.answer(answer, item.id(), model.id(), now / 1000), u.inputTokens(), u.cachedInputTokens(), u.outputTokens(),
                    u.reasoningTokens(), nusd, sync), now);
        }
        BrokerException e = result.error();
        up.handoff.failed(ex, a, e.status(), e.getMessage(), row.createdAt());
        return up.store.complete(item.id(), row.id(), failure(h, e, req.wire()), now);
    }

    private static io.computebroker.core.WireFormat req(Batch b) {
        return io.computebroker.batch.BatchInput.formatOf(b.endpoint());
    }

    private static BatchQueue.Outcome failure(UpstreamStore.Held h, BrokerException e, io.computebroker.core.WireFormat wire) {
        return new BatchQueue.Outcome(BatchItem.FAILED, h.requestId(), "discounted", h.model(), e.status(),
                ItemRequest.error(wire == null ? io.computebroker.core.WireFormat.OPENAI : wire, e), 0, 0, 0, 0, 0, 0);
    }
}
