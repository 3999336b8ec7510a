package io.computebroker.orchestrate.store;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.identify.Principal;
import io.computebroker.orchestrate.RunLimits;
import io.computebroker.orchestrate.RunState;

/** One row of {@code runs}. {@code principal} is the key that started the run, as it was then. */
public record RunRecord(String id, String tenant, Principal principal, String goal, String profile, Sensitivity sensitivity,
                        long budgetNusd, RunLimits limits, RunState state, String reason, String planJson, String result,
                        long costNusd, long createdAt, Long finishedAt) {}
