package io.computebroker.decide;

import io.computebroker.classify.Signals;
import io.computebroker.config.Boundary;
import io.computebroker.config.ModelConfig;
import io.computebroker.policy.Constraints;
import io.computebroker.policy.Objective;
import io.computebroker.policy.Policy;
import io.computebroker.policy.Substitution;

import java.math.BigDecimal;
import java.util.Set;

/** The constraints in force for one request, resolved from signals, key, rule and policy defaults. */
record RouteContext(Signals signals, Policy policy, String ruleName, Constraints rule, Substitution mode,
                    Objective objective, ModelConfig requested, BigDecimal ceilingUsd, Set<Boundary> boundaries,
                    double floor, BigDecimal maxCostUsd, Long latencyTargetMs, int expectedOutputTokens,
                    java.util.Map<String, Double> learned, double willingness) {}
