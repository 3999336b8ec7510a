package io.computebroker.pipeline;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.dispatch.BoundaryGuard;
import io.computebroker.ledger.Nusd;
import io.computebroker.settle.Cost;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Pending;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;
import io.computebroker.tokens.TokenCounter;

import java.util.List;

/**
 * Deferred work that a provider's own batch API runs, hours after it was admitted and possibly in
 * another process: the pipeline's stages minus dispatch. {@link #admit} classifies, routes inside the
 * exchange's lane (boundary rules and all) and reserves the worst case against budgets, exactly as
 * {@link Pipeline#complete} does; {@link #settle} and {@link #failed} write the ledger row (pending, then
 * settled, under the item's fixed request id, so a repeat after a crash upserts the same row) and settle
 * the reservation. The response cache is not consulted: the item is already on its way to the provider.
 */
public final class Handoff {
    private final Pipeline pipeline;
    private final Settler settler;
    private final Gate gate;
    private final TokenCounter tokens;

    Handoff(Pipeline pipeline, Settler settler, Gate gate, TokenCounter tokens) {
        this.pipeline = pipeline;
        this.settler = settler;
        this.gate = gate;
        this.tokens = tokens;
    }

    /**
     * What admission granted: the decision (narrowed to the lane), the model to send to and the
     * reservation (null when re-derived after a restart: that hold went with the old process).
     */
    public record Admitted(Decision decision, ModelConfig model, Gate.Ticket ticket, io.computebroker.identify.Principal principal) {}

    /**
     * Routes and reserves. Throws {@link Lane.Empty} when the lane leaves no model (nothing is reserved
     * then), and the pipeline's errors for refusals (budget, rate limit, bad request).
     */
    public Admitted admit(Exchange ex) {
        Gate.Ticket t = pipeline.admit(ex);
        ModelConfig model = t.decision().order().get(0);
        BoundaryGuard.check(t.decision().signals().sensitivity(), model); // the router enforced it; the upstream path checks again
        return new Admitted(t.decision(), model, t, ex.principal());
    }

    /** The decision again, without a reservation, for an item sent to {@code model} before a restart. */
    public Admitted readmit(Exchange ex, ModelConfig model) {
        Decision d = pipeline.explain(ex.request(), ex.declared(), ex.principal());
        return new Admitted(d.withOrder(List.of(model), ex.lane() == null ? "upstream" : ex.lane().name()), model, null, ex.principal());
    }

    /** The provider answered: bills the usage at the lane's discount, records the row, settles the hold. Returns the cost. */
    public Cost settle(Exchange ex, Admitted a, ChatResponse response, long createdAtMs) {
        boolean estimated = response.usage().equals(Usage.ZERO);
        Usage usage = Billing.billedUsage(response, a.decision(), tokens);
        Cost cost = Billing.discounted(ex, a.model(), CostCalculator.cost(usage, a.model().price(), estimated));
        Pending p = pending(ex, a, createdAtMs);
        long micros = Math.max(0, (System.currentTimeMillis() - createdAtMs) * 1000);
        settler.settle(new Settlement(ex.requestId(), ex.principal(), a.decision(), a.model(), List.of(), false, false, usage, cost,
                200, null, false, micros, micros, p, response.text(), "none", 0));
        long nusd = Nusd.of(cost.totalUsd());
        if (a.ticket() != null) gate.settle(a.ticket(), ex.principal(), nusd, usage.outputTokens());
        else gate.record(ex.requestId(), ex.principal(), a.decision(), nusd);
        return cost;
    }

    /** The provider reported an error for this request (or never answered it): a row at no cost, the hold released. */
    public void failed(Exchange ex, Admitted a, int status, String error, long createdAtMs) {
        Pending p = pending(ex, a, createdAtMs);
        long micros = Math.max(0, (System.currentTimeMillis() - createdAtMs) * 1000);
        settler.settle(new Settlement(ex.requestId(), ex.principal(), a.decision(), a.model(), List.of(), false, false, Usage.ZERO,
                Cost.ZERO, status, error, false, micros, -1, p, null, null, 0));
        if (a.ticket() != null) gate.settle(a.ticket(), ex.principal(), 0, 0);
    }

    /** Releases the hold of an item that never left (its upstream batch could not be submitted). */
    public void release(Admitted a) {
        if (a.ticket() != null) gate.settle(a.ticket(), a.principal(), 0, 0);
    }

    private Pending pending(Exchange ex, Admitted a, long createdAtMs) {
        long worst = a.ticket() != null ? a.ticket().worstCaseNusd()
                : Nusd.of(io.computebroker.settle.WorstCase.usd(a.decision(), ex.request()));
        Pending p = Billing.pendingOf(ex, a.decision(), worst, createdAtMs);
        settler.pending(p);
        return p;
    }
}
