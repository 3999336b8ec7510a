package io.computebroker.report;

import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Right-to-erasure and text retention over the ledger.
 *
 * <p>{@link #erase} nulls every field of a tenant's rows that can identify a person or carry what they
 * wrote, and keeps what billing and capacity planning need (tenant, times, model, route, tokens,
 * costs), so the aggregate spend of the tenant is unchanged. It touches only rows that still hold a
 * personal field, so a repeat changes nothing and reports 0; every call is still recorded in
 * {@code erasures}, which is the evidence that a request was carried out.
 */
public final class Erasure {
    /**
     * The personal fields, as the ledger names them. {@code attempts_json} is among them because each
     * attempt carries its upstream error text, the same text erased from {@code error}.
     */
    static final String[] PERSONAL = {"key_id", "feature", "run_id", "entity_types", "prompt_hash", "prompt_text",
            "completion_text", "decision_summary", "error", "attempts_json"};
    private static final String ANY_PERSONAL = "(" + String.join(" IS NOT NULL OR ", PERSONAL) + " IS NOT NULL)";
    private static final long DAY_MS = 86_400_000L;

    private final Database db;
    private final Clock clock;

    public Erasure(Database db) { this(db, Clock.systemUTC()); }

    public Erasure(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** How many of the tenant's rows still hold a personal field (what {@link #erase} would change). */
    public long erasable(String tenant) {
        requireTenant(tenant);
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ledger WHERE tenant = ? AND " + ANY_PERSONAL)) {
                ps.setString(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Erases the tenant's personal fields and records the erasure; returns the number of rows changed. */
    public long erase(String tenant) {
        requireTenant(tenant);
        String set = String.join(" = NULL, ", PERSONAL) + " = NULL";
        return db.inTransaction(c -> {
            long n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE ledger SET " + set + " WHERE tenant = ? AND " + ANY_PERSONAL)) {
                ps.setString(1, tenant);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO erasures (id, tenant, erased_at, rows_affected) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, newId());
                ps.setString(2, tenant);
                ps.setLong(3, clock.millis());
                ps.setLong(4, n);
                ps.executeUpdate();
            }
            return n;
        });
    }

    /**
     * The retention sweep: for every tenant with {@code retention_days} set, drops prompt and completion
     * text from rows created more than that many days before {@code now}. Returns rows changed.
     */
    public long purgeText(Instant now) {
        // One statement for all tenants; CAST because retention_days is INT and days × ms overflows 32 bits.
        String sql = "UPDATE ledger SET prompt_text = NULL, completion_text = NULL"
                + " WHERE (prompt_text IS NOT NULL OR completion_text IS NOT NULL) AND EXISTS (SELECT 1 FROM tenant_settings s"
                + " WHERE s.tenant = ledger.tenant AND s.retention_days IS NOT NULL AND s.retention_days >= 0"
                + " AND ledger.created_at < ? - CAST(s.retention_days AS BIGINT) * " + DAY_MS + ")";
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, now.toEpochMilli());
                return (long) ps.executeUpdate();
            }
        });
    }

    private static void requireTenant(String tenant) {
        if (tenant == null || tenant.isBlank()) throw new IllegalArgumentException("tenant is required");
    }

    /** Erasure ids are labels, not secrets. */
    private static String newId() {
        return "era_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                + Long.toString(System.currentTimeMillis(), 36);
    }
}
