package io.computebroker.batch.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.batch.BatchItem;
import io.computebroker.batch.ItemRequest;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.ProviderConfig;
import io.computebroker.config.Secrets;
import io.computebroker.pipeline.Exchange;
import io.computebroker.pipeline.Handoff;
import io.computebroker.pipeline.Lane;
import io.computebroker.policy.BatchPolicy;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The batch lane's upstream path: items the drainer sends down the discounted route of a provider with
 * its own batch API ({@code batchApi}) are admitted (routing, boundary rules, budget reservation) one by
 * one, gathered, and sent as one upstream batch per provider and model (at most {@code upstreamMaxItems} items);
 * {@link UpstreamPoller} then polls it and settles each answer. Only models the admitted decision kept
 * can be sent to, so an item whose sensitivity keeps it on owned models never reaches this path.
 */
public final class UpstreamBatches {
    private static final Logger LOG = Logger.getLogger(UpstreamBatches.class.getName());

    /** An admitted item waiting for its upstream batch. */
    record Entry(BatchItem item, ItemRequest request, Exchange exchange, Handoff.Admitted admitted) {}

    final UpstreamStore store;
    final Handoff handoff;
    final String node;
    final InstantSource clock;
    final Map<String, ProviderBatchApi> apis = new LinkedHashMap<>();
    final Map<String, ModelConfig> models = new HashMap<>();
    final Map<String, Double> discounts = new HashMap<>();
    /** Reservations of items this process admitted, held until their answer settles them. */
    final Map<String, Handoff.Admitted> admitted = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> gathered = new ConcurrentLinkedQueue<>();

    public UpstreamBatches(UpstreamStore store, Handoff handoff, BrokerConfig config, Secrets secrets, String node, InstantSource clock) {
        this.store = store;
        this.handoff = handoff;
        this.node = node;
        this.clock = clock;
        for (ModelConfig m : config.models()) models.put(m.id(), m);
        for (ProviderConfig p : config.providers()) {
            if (p.batchDiscount() != null) discounts.put(p.id(), p.batchDiscount());
            if (p.batchApi() == null) continue;
            String key = p.apiKeyEnv() == null ? null : secrets.get(p.apiKeyEnv()).orElse(null);
            if (p.keyRequired() && key == null) continue; // unavailable, like its chat route; the drainer uses the others
            apis.put(p.id(), p.batchApi().equals("anthropic") ? new AnthropicBatchApi(p, key) : new OpenAiBatchApi(p, key));
        }
    }

    /** The providers whose batch API this node can use. */
    public Set<String> providers() { return apis.keySet(); }

    /**
     * The discounted lane narrowed to batch-API providers. {@code syncRoute} is what a synchronous call
     * would have taken, for the ledger's savings.
     */
    public Lane lane(ModelConfig syncRoute) {
        return new Lane("batch-discounted", m -> apis.containsKey(m.provider()), m -> discounts.getOrDefault(m.provider(), 0.0), syncRoute);
    }

    /**
     * Admits an item the drainer leased for the discounted route; true if it now waits for the next
     * upstream batch (its lease stays until then). False when no batch-API model may serve it — it then
     * takes the ordinary route. Refusals (budget, rate limit, bad request) are thrown as for any call.
     */
    public boolean offer(BatchItem item, String requestId, ItemRequest req, ModelConfig syncRoute) {
        Exchange ex = new Exchange(requestId, req.principal(), req.request(), req.declared(), req.wire(), Map.of(), System.nanoTime(),
                lane(syncRoute));
        Handoff.Admitted a;
        try {
            a = handoff.admit(ex);
        } catch (Lane.Empty e) {
            return false;
        }
        gathered.add(new Entry(item, req, ex, a));
        return true;
    }

    public int gathered() { return gathered.size(); }

    /**
     * Sends what has been gathered: one upstream batch per model (OpenAI requires every line of a batch
     * to name the same model) and per {@code upstreamMaxItems}.
     */
    public void flush(BatchPolicy p) {
        Map<String, List<Entry>> byModel = new LinkedHashMap<>();
        for (Entry e; (e = gathered.poll()) != null; ) byModel.computeIfAbsent(e.admitted().model().id(), k -> new ArrayList<>()).add(e);
        byModel.forEach((model, entries) -> {
            for (int i = 0; i < entries.size(); i += p.upstreamMaxItems()) {
                submit(entries.get(0).admitted().model().provider(), entries.subList(i, Math.min(entries.size(), i + p.upstreamMaxItems())), p);
            }
        });
    }

    /**
     * Records the upstream batch (and moves its items out of the queue) before anything is sent, then
     * uploads the input and creates the batch. A refusal puts the items back in the queue; a failure
     * that leaves it unknown whether the batch exists is settled by {@link UpstreamPoller} later.
     */
    private void submit(String provider, List<Entry> entries, BatchPolicy p) {
        String id = "ubatch_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        long now = clock.millis();
        List<UpstreamStore.Member> members = entries.stream().map(e -> new UpstreamStore.Member(e.item().id(), e.exchange().requestId(),
                e.admitted().model().id(), e.exchange().lane().syncRoute() == null ? null : e.exchange().lane().syncRoute().id())).toList();
        Set<String> moved = Set.copyOf(store.open(id, provider, node, now, now + p.leaseMs(), members));
        List<ProviderBatchApi.Line> lines = new ArrayList<>();
        for (Entry e : entries) {
            if (!moved.contains(e.item().id())) { // another node took the item meanwhile: it runs it, not us
                handoff.release(e.admitted());
                continue;
            }
            admitted.put(e.item().id(), e.admitted());
            lines.add(new ProviderBatchApi.Line(e.item().id(), e.request().request(), e.admitted().model()));
        }
        if (moved.isEmpty()) return;
        try {
            ProviderBatchApi.Seen created = apis.get(provider).create(id, lines, file -> store.uploaded(id, file));
            store.submitted(id, node, created.id(), null, created.status(), now + p.upstreamPollMs());
            LOG.info("batch lane: " + moved.size() + " items sent to " + provider + " as batch " + created.id());
        } catch (ProviderBatchApi.Refused e) {
            LOG.warning("batch lane: " + provider + " refused upstream batch " + id + "; its items are queued again: " + e.getMessage());
            abandon(id, now + Math.min(60_000, p.upstreamPollMs()));
        } catch (ProviderBatchApi.Unknown e) {
            LOG.log(Level.WARNING, "batch lane: upstream batch " + id + " may or may not exist at " + provider
                    + "; it is looked up again after the lease", e);
        }
    }

    /** The provider never took the upstream batch: its items go back to the queue and their holds are released. */
    int abandon(String id, long notBefore) {
        List<UpstreamStore.Held> held = store.held(id);
        int n = store.abandon(id, clock.millis(), notBefore);
        for (UpstreamStore.Held h : held) {
            Handoff.Admitted a = admitted.remove(h.item().id());
            if (a != null) handoff.release(a);
        }
        return n;
    }
}
