package io.computebroker.report;

import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ledger row for tests, inserted with plain SQL (the ledger writer is someone else's code). Settled,
 * ok and unflagged unless told otherwise; every setter returns this for one-line rows.
 */
public final class LedgerRow {
    private static final AtomicLong SEQ = new AtomicLong();

    String id = "req_t" + SEQ.incrementAndGet();
    long createdAt;
    String state = "settled";
    String tenant = "acme";
    String keyId, feature, runId, task, sensitivity, entityTypes, policyVersion, decisionSummary;
    String provider, model, boundary, region;
    int fallback, spilled;
    String status = "ok";
    String error;
    long input, cached, output, reasoning, costNusd, baselineNusd, reservedNusd;
    Long latencyMs, ttftMs;
    String cacheOutcome, promptHash, promptText, completionText, attemptsJson;

    public static LedgerRow at(Instant t) {
        LedgerRow r = new LedgerRow();
        r.createdAt = t.toEpochMilli();
        return r;
    }

    public LedgerRow tenant(String v) { tenant = v; return this; }
    public LedgerRow key(String v) { keyId = v; return this; }
    public LedgerRow feature(String v) { feature = v; return this; }
    public LedgerRow run(String v) { runId = v; return this; }
    public LedgerRow task(String v) { task = v; return this; }
    public LedgerRow route(String provider, String model, String boundary, String region) {
        this.provider = provider;
        this.model = model;
        this.boundary = boundary;
        this.region = region;
        return this;
    }
    public LedgerRow sensitivity(String level, String entityTypes) { sensitivity = level; this.entityTypes = entityTypes; return this; }
    public LedgerRow policy(String v) { policyVersion = v; return this; }
    public LedgerRow decision(String v) { decisionSummary = v; return this; }
    public LedgerRow pending(long reserved) { state = "pending"; status = null; reservedNusd = reserved; return this; }
    /** As the ledger leaves a row whose node died before it settled: billed at the reservation. */
    public LedgerRow recovered(long reserved) {
        state = "recovered";
        status = "unsettled";
        error = "process ended before the request settled; billed at the reserved worst case";
        reservedNusd = reserved;
        costNusd = reserved;
        return this;
    }
    public LedgerRow error(String message) { status = "error"; error = message; return this; }
    public LedgerRow fallback() { fallback = 1; return this; }
    public LedgerRow spilled() { spilled = 1; return this; }
    public LedgerRow tokens(long input, long cached, long output, long reasoning) {
        this.input = input;
        this.cached = cached;
        this.output = output;
        this.reasoning = reasoning;
        return this;
    }
    public LedgerRow money(long costNusd, long baselineNusd) { this.costNusd = costNusd; this.baselineNusd = baselineNusd; return this; }
    public LedgerRow latency(Long latencyMs, Long ttftMs) { this.latencyMs = latencyMs; this.ttftMs = ttftMs; return this; }
    public LedgerRow attempts(String json) { attemptsJson = json; return this; }
    public LedgerRow cache(String outcome) { cacheOutcome = outcome; return this; }
    public LedgerRow text(String hash, String prompt, String completion) {
        promptHash = hash;
        promptText = prompt;
        completionText = completion;
        return this;
    }

    public String id() { return id; }

    public LedgerRow insert(Database db) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger (id, created_at, settled_at, state, tenant, key_id, feature,"
                    + " run_id, task, sensitivity, entity_types, policy_version, decision_summary, provider, model, boundary, region,"
                    + " fallback, spilled, status, error, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens,"
                    + " cost_nusd, baseline_nusd, reserved_nusd, latency_ms, ttft_ms, cache_outcome, prompt_hash, prompt_text,"
                    + " completion_text, attempts_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                int i = 1;
                ps.setString(i++, id);
                ps.setLong(i++, createdAt);
                ps.setObject(i++, state.equals("pending") ? null : createdAt + (latencyMs == null ? 0 : latencyMs), Types.BIGINT);
                for (String s : new String[]{state, tenant, keyId, feature, runId, task, sensitivity, entityTypes, policyVersion,
                        decisionSummary, provider, model, boundary, region}) ps.setString(i++, s);
                ps.setInt(i++, fallback);
                ps.setInt(i++, spilled);
                ps.setString(i++, status);
                ps.setString(i++, error);
                for (long v : new long[]{input, cached, output, reasoning, costNusd, baselineNusd, reservedNusd}) ps.setLong(i++, v);
                ps.setObject(i++, latencyMs, Types.BIGINT);
                ps.setObject(i++, ttftMs, Types.BIGINT);
                for (String s : new String[]{cacheOutcome, promptHash, promptText, completionText, attemptsJson}) ps.setString(i++, s);
                return ps.executeUpdate();
            }
        });
        return this;
    }
}
