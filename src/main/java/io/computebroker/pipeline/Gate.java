package io.computebroker.pipeline;

import io.computebroker.budget.BudgetAction;
import io.computebroker.budget.BudgetExceededException;
import io.computebroker.budget.BudgetLedger;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.RateLimiter;
import io.computebroker.budget.Reservation;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ErrorKind;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;
import io.computebroker.ledger.Nusd;
import io.computebroker.settle.WorstCase;

import java.time.Instant;
import java.util.List;

/**
 * The reserve stage: rate limits, then an atomic reservation of the worst case against every budget
 * that applies (tenant, key, feature, agent run). A budget at its hard limit rejects with 429, or — when
 * its action is {@code downgrade} — narrows the route to the models whose worst case still fits.
 * Invariant 3: reservations are all-or-nothing and sized at the worst case, so settled spend can never
 * pass a limit, on one node or many (the ledger behind it is in-process or Redis).
 */
public final class Gate {
    public static final Gate OPEN = new Gate(null, null, null);

    private final BudgetStore budgets;
    private final BudgetLedger ledger;
    private final RateLimiter limiter;

    public Gate(BudgetStore budgets, BudgetLedger ledger, RateLimiter limiter) {
        this.budgets = budgets;
        this.ledger = ledger;
        this.limiter = limiter;
    }

    /** What admission decided: the (possibly narrowed) decision, its reservation and the worst case held. */
    public record Ticket(Decision decision, Reservation reservation, long worstCaseNusd, List<String> warnings) {}

    /**
     * @param redecide decides again under a cost ceiling in USD, for budgets whose action is downgrade
     */
    public Ticket admit(String requestId, Principal p, Decision decision, ChatRequest request,
                        java.util.function.Function<java.math.BigDecimal, Decision> redecide) {
        long worst = Nusd.of(WorstCase.usd(decision, request));
        Instant now = Instant.now();
        if (limiter != null && (p.rpmLimit() != null || p.tpmLimit() != null)) {
            var admission = limiter.admit(p.keyId(), p.rpmLimit(), p.tpmLimit(), decision.signals().promptTokens(), now);
            if (!admission.allowed()) {
                throw new BrokerException(ErrorKind.RATE_LIMITED, admission.reason(), null, String.valueOf(admission.retryAfterSeconds()), null);
            }
        }
        if (budgets == null) return new Ticket(decision, Reservation.none(requestId), worst, List.of());
        var applicable = budgets.applicable(p.tenant(), p.keyId(), decision.signals().feature(), decision.signals().runId());
        if (applicable.isEmpty()) return new Ticket(decision, Reservation.none(requestId), worst, List.of());
        try {
            return ticket(ledger.reserve(requestId, applicable, worst, now), decision, worst);
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            // Budgets cannot be checked, so nothing is spent: fail closed, with a status that says "retry".
            throw new BrokerException(ErrorKind.UNAVAILABLE, "budget store unavailable: " + e.getMessage(), null, null, e);
        } catch (BudgetExceededException e) {
            if (e.budget().action() != BudgetAction.DOWNGRADE) throw refusal(e);
            // Decide again under what the budget has left, then keep the routes whose worst case fits it.
            long left = e.availableNusd();
            if (left <= 0) throw refusal(e);
            Decision cheaper;
            try {
                cheaper = redecide.apply(Nusd.usd(left));
            } catch (BrokerException none) {
                throw refusal(e);
            }
            List<ModelConfig> fits = cheaper.order().stream()
                    .filter(m -> Nusd.of(WorstCase.usd(m, cheaper.signals().promptTokens(), request)) <= left).toList();
            if (fits.isEmpty()) throw refusal(e);
            Decision narrowed = cheaper.withOrder(fits, "budget-downgrade");
            long narrowedWorst = Nusd.of(WorstCase.usd(narrowed, request));
            try {
                Ticket t = ticket(ledger.reserve(requestId, applicable, narrowedWorst, now), narrowed, narrowedWorst);
                var warnings = new java.util.ArrayList<>(t.warnings());
                warnings.add("downgraded: " + e.budget().describe() + " has " + io.computebroker.budget.Usd.format(left) + " left");
                return new Ticket(t.decision(), t.reservation(), t.worstCaseNusd(), warnings);
            } catch (BudgetExceededException again) {
                throw refusal(again);
            }
        }
    }

    private static Ticket ticket(Reservation r, Decision d, long worst) {
        List<String> warnings = r.softExceeded().stream().map(b -> "soft limit passed: " + b.describe()).toList();
        return new Ticket(d, r, worst, warnings);
    }

    /** Settles the reservation at what the call actually cost, and counts its output tokens. */
    public void settle(Ticket t, Principal p, long actualNusd, long outputTokens) {
        if (t == null) return;
        if (ledger != null && !t.reservation().holds().isEmpty()) ledger.settle(t.reservation(), actualNusd);
        if (limiter != null && p.tpmLimit() != null && outputTokens > 0) limiter.addTokens(p.keyId(), outputTokens, Instant.now());
    }

    /**
     * Counts spend that no reservation of this process held: deferred work admitted before a restart
     * (its hold went with the process) and answered after it. The spend is recorded even past a limit,
     * since the provider has already done the work.
     */
    public void record(String requestId, Principal p, Decision decision, long actualNusd) {
        if (budgets == null || ledger == null || actualNusd <= 0) return;
        var applicable = budgets.applicable(p.tenant(), p.keyId(), decision.signals().feature(), decision.signals().runId());
        if (applicable.isEmpty()) return;
        try {
            ledger.settle(ledger.reserve(requestId, applicable, 0, Instant.now()), actualNusd);
        } catch (BudgetExceededException e) {
            // Already at its limit: a zero hold is refused, so the spend reaches the budget through the ledger row only.
        }
    }

    private static BrokerException refusal(BudgetExceededException e) {
        return new BrokerException(ErrorKind.BUDGET_EXCEEDED, "budget exceeded: " + e.budget().describe() + " — spent "
                + io.computebroker.budget.Usd.format(e.spentNusd()) + " + reserved " + io.computebroker.budget.Usd.format(e.reservedNusd())
                + " of " + io.computebroker.budget.Usd.format(e.limitNusd()), null, null, e);
    }
}
