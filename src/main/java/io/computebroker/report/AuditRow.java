package io.computebroker.report;

import java.time.Instant;

/**
 * Where requests of one kind went: provider, model, boundary and region they were served in, their
 * sensitivity, the entity types found (sorted, comma-separated; never values), and the policy version
 * that routed them; with how many and when first and last seen. Any field may be null when the ledger
 * row had none (an error before routing, or an erased row).
 */
public record AuditRow(String provider, String model, String boundary, String region, String sensitivity, String entityTypes,
                       String policyVersion, long requests, Instant firstSeen, Instant lastSeen) {}
