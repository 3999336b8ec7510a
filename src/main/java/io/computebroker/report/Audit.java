package io.computebroker.report;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The data-handling audit: where requests went (provider, model, boundary, region), how sensitive they
 * were, which kinds of personal data they carried and which policy version sent them there. It answers
 * "did anything confidential leave owned infrastructure, and under which policy" from the ledger alone.
 */
public final class Audit {
    private static final String KEY = "provider, model, boundary, region, sensitivity, entity_types, policy_version";
    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
    /** Most sensitive first, since those are the rows an auditor reads; then by where they went. */
    private static final Comparator<AuditRow> ORDER = Comparator.comparingInt((AuditRow r) -> rank(r.sensitivity())).reversed()
            .thenComparing(AuditRow::provider, TEXT).thenComparing(AuditRow::model, TEXT).thenComparing(AuditRow::boundary, TEXT)
            .thenComparing(AuditRow::region, TEXT).thenComparing(AuditRow::entityTypes, TEXT).thenComparing(AuditRow::policyVersion, TEXT);

    private final Database db;

    public Audit(Database db) { this.db = db; }

    public List<AuditRow> audit(AuditQuery q) {
        List<String> levels = q.minSensitivity() == null ? List.of() : Arrays.stream(Sensitivity.values())
                .filter(s -> s.compareTo(q.minSensitivity()) >= 0).map(Sensitivity::wire).toList();
        String sql = "SELECT " + KEY + ", COUNT(*), MIN(created_at), MAX(created_at) FROM ledger WHERE created_at >= ? AND created_at < ?"
                + (q.tenant() == null ? "" : " AND tenant = ?")
                + (levels.isEmpty() ? "" : " AND sensitivity IN (" + String.join(", ", levels.stream().map(l -> "?").toList()) + ")")
                + " GROUP BY " + KEY;
        List<AuditRow> raw = db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, q.since().toEpochMilli());
                ps.setLong(i++, q.until().toEpochMilli());
                if (q.tenant() != null) ps.setString(i++, q.tenant());
                for (String level : levels) ps.setString(i++, level);
                List<AuditRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                normalise(rs.getString(6)), rs.getString(7), rs.getLong(8),
                                Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10))));
                    }
                }
                return out;
            }
        });
        return merge(raw);
    }

    /** "phone,email" and "email, phone" are the same finding; one spelling keeps them in one row. */
    static String normalise(String entityTypes) {
        if (entityTypes == null) return null;
        String s = Arrays.stream(entityTypes.split(",")).map(String::strip).filter(t -> !t.isEmpty()).distinct().sorted()
                .collect(Collectors.joining(","));
        return s.isEmpty() ? null : s;
    }

    private static List<AuditRow> merge(List<AuditRow> raw) {
        Map<List<String>, AuditRow> byKey = new LinkedHashMap<>();
        for (AuditRow r : raw) {
            List<String> key = Arrays.asList(r.provider(), r.model(), r.boundary(), r.region(), r.sensitivity(), r.entityTypes(), r.policyVersion());
            byKey.merge(key, r, (a, b) -> new AuditRow(a.provider(), a.model(), a.boundary(), a.region(), a.sensitivity(),
                    a.entityTypes(), a.policyVersion(), a.requests() + b.requests(),
                    a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
                    a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen()));
        }
        List<AuditRow> out = new ArrayList<>(byKey.values());
        out.sort(ORDER);
        return out;
    }

    private static int rank(String sensitivity) {
        for (Sensitivity s : Sensitivity.values()) if (s.wire().equals(sensitivity)) return s.ordinal();
        return -1;
    }
}
