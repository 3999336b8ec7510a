package io.computebroker.ledger;

import io.computebroker.classify.Signals;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.Usage;
import io.computebroker.decide.Decision;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Pending;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;

import java.util.stream.Collectors;

/**
 * Turns pipeline events into ledger rows: a pending row before dispatch, the full row after. Baseline
 * cost is the same usage at the reference model's price, so savings are measured, not assumed.
 */
public final class LedgerSettler implements Settler {
    private final Ledger ledger;
    private final ModelConfig baseline;
    private final TenantSettings tenants;

    public LedgerSettler(Ledger ledger, ModelConfig baseline, TenantSettings tenants) {
        this.ledger = ledger;
        this.baseline = baseline;
        this.tenants = tenants;
    }

    @Override
    public void pending(Pending p) {
        ledger.record(entry(p, null, LedgerEntry.PENDING, null, tenants.storeText(p.principal().tenant())));
    }

    /**
     * Records the settled row once the caller has its answer, when the request allows it ({@link
     * io.computebroker.settle.AfterAnswer}); what could still change is read now: when it settled, and whether
     * the tenant lets text be stored.
     */
    @Override
    public void settle(Settlement s) {
        Pending p = s.pending();
        if (p == null) return; // refused before dispatch (bad request, no route): nothing reached a provider
        Long settledAt = System.currentTimeMillis();
        boolean text = tenants.storeText(p.principal().tenant());
        ledger.settleAfterAnswer(() -> ledger.recordSettled(entry(p, s, LedgerEntry.SETTLED, settledAt, text)));
    }

    private LedgerEntry entry(Pending p, Settlement s, String state, Long settledAt, boolean text) {
        Decision d = p.decision();
        Signals sig = d.signals();
        ModelConfig model = s != null && s.served() != null ? s.served() : d.chosen();
        Usage u = s == null ? Usage.ZERO : s.usage();
        long cost = s == null ? 0 : Nusd.of(s.cost().totalUsd());
        boolean hit = s != null && s.cacheOutcome() != null && s.cacheOutcome().endsWith("hit");
        // For a cache hit the baseline is the spend it avoided, so reports' cache savings are real money.
        long base = s == null ? 0 : hit ? s.savedNusd()
                : baseline == null ? 0 : Nusd.of(CostCalculator.cost(u, baseline.price(), false).totalUsd());
        return new LedgerEntry(p.requestId(), p.createdAtMs(), settledAt, state, ledger.node(),
                p.principal().tenant(), p.principal().keyId(), sig.feature(), sig.runId(),
                sig.task().wire(), sig.sensitivity().wire(),
                sig.entityTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                d.policyVersion(), d.id(), d.summary(), d.requestedModel(),
                model.provider(), model.id(), model.boundary().wire(), model.region(),
                s == null ? 0 : (int) s.attempts().stream().filter(a -> a.number() > 0).count(),
                s == null ? null : attempts(s), s != null && s.fellBack(), s != null && s.spilled(), s != null && s.streamed(),
                s == null ? null : s.error() == null ? "ok" : "error", s == null ? null : s.status(), s == null ? null : s.error(),
                u.inputTokens(), u.cachedInputTokens(), u.cacheWriteTokens(), u.outputTokens(), u.reasoningTokens(),
                s != null && s.cost().estimated(), cost, base, p.reservedNusd(), s == null ? null : s.cost().priceVersion(),
                s == null ? null : s.latencyMicros() / 1000, s == null || s.ttftMicros() < 0 ? null : s.ttftMicros() / 1000,
                s == null || s.cacheOutcome() == null ? "none" : s.cacheOutcome(), p.promptHash(),
                text && p.request() != null ? PromptText.of(p.request()) : null,
                text && s != null ? s.completionText() : null,
                p.lane(), s == null || p.syncRoute() == null ? 0 : Nusd.of(CostCalculator.cost(u, p.syncRoute().price(), false).totalUsd()));
    }

    private static String attempts(Settlement s) {
        return LedgerJson.attempts(s.attempts());
    }
}
