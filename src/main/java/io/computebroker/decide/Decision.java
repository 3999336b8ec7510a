package io.computebroker.decide;

import io.computebroker.classify.Signals;
import io.computebroker.config.ModelConfig;
import io.computebroker.policy.Objective;
import io.computebroker.policy.Substitution;

import java.math.BigDecimal;
import java.util.List;

/**
 * Where a request goes and why: the policy version and rule that applied, the signals used, every
 * candidate with the reason it was kept or rejected, and the ordered list dispatch will try (first is
 * the choice, the rest are fallbacks within the same constraints).
 */
public record Decision(String id, String policyVersion, String rule, Substitution mode, Objective objective,
                       String requestedModel, Signals signals, double qualityFloor, boolean belowFloor,
                       List<Candidate> candidates, List<ModelConfig> order, BigDecimal expectedCostUsd) {
    public Decision {
        candidates = List.copyOf(candidates);
        order = List.copyOf(order);
    }

    public ModelConfig chosen() { return order.get(0); }

    /** The policy rule that applied, without the annotations later stages append ("+canary:…", "+budget-downgrade"). */
    public String ruleName() {
        int i = rule.indexOf('+');
        return i < 0 ? rule : rule.substring(0, i);
    }

    /** The same decision with a narrower order (a budget downgrade keeps only what the budget still covers). */
    public Decision withOrder(List<ModelConfig> narrower, String why) {
        return new Decision(id, policyVersion, rule + "+" + why, mode, objective, requestedModel, signals, qualityFloor, belowFloor,
                candidates, narrower, expectedCostUsd);
    }

    /** One line for logs and headers: the choice and the reason, no prompt content. */
    public String summary() {
        int eligible = 0;
        for (Candidate c : candidates) if (c.eligible()) eligible++; // a loop, not a stream: this runs twice per request
        String why = switch (mode) {
            case EXACT -> "requested model";
            case CEILING, AUTO -> (belowFloor ? "best available (none meets floor " : objective.wire() + " of " + eligible
                    + " eligible (floor ") + twoDecimals(qualityFloor) + ")";
        };
        return chosen().id() + " via " + mode.wire() + ": " + why + ", rule " + rule + ", " + policyVersion;
    }

    /** As {@code String.format("%.2f", v)} (shortest decimal, half-up) without the Formatter, which showed in profiles: summary() runs per request. */
    static String twoDecimals(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return String.format(java.util.Locale.ROOT, "%.2f", v);
        return new java.math.BigDecimal(Double.toString(v)).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
