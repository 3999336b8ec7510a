package io.computebroker.orchestrate;

import io.computebroker.classify.sensitivity.Sensitivity;

/**
 * What a caller asks for: a goal, the agent profile whose tools and checkpoints apply, a hard budget in
 * nano-USD, limits, and optionally a sensitivity every call of the run carries (confidential keeps the
 * whole run on owned models).
 */
public record RunSpec(String goal, String profile, long budgetNusd, RunLimits limits, Sensitivity sensitivity) {
    public RunSpec {
        if (goal == null || goal.isBlank()) throw new IllegalArgumentException("goal is required");
        if (goal.length() > 20_000) throw new IllegalArgumentException("goal must be at most 20000 characters");
        if (profile == null || profile.isBlank()) profile = "default";
        if (budgetNusd <= 0) throw new IllegalArgumentException("budget_usd must be > 0");
        if (limits == null) limits = RunLimits.DEFAULT;
    }
}
