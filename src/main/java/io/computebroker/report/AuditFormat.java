package io.computebroker.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;

import java.time.Instant;
import java.util.List;

/** Audit rows as CSV (RFC 4180: entity types hold commas, so such fields are quoted) and as JSON. */
public final class AuditFormat {
    static final List<String> COLUMNS = List.of("provider", "model", "boundary", "region", "sensitivity", "entity_types",
            "policy_version", "requests", "first_seen", "last_seen");

    private AuditFormat() {}

    public static String csv(List<AuditRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (AuditRow r : rows) {
            List<String> cells = List.of(text(r.provider()), text(r.model()), text(r.boundary()), text(r.region()),
                    text(r.sensitivity()), text(r.entityTypes()), text(r.policyVersion()), Long.toString(r.requests()),
                    r.firstSeen().toString(), r.lastSeen().toString());
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(quote(cells.get(i)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    public static ObjectNode json(AuditQuery q, List<AuditRow> rows) {
        ObjectNode root = Json.object().put("object", "audit").put("since", q.since().toString()).put("until", q.until().toString());
        if (q.minSensitivity() == null) root.putNull("min_sensitivity");
        else root.put("min_sensitivity", q.minSensitivity().wire());
        if (q.tenant() == null) root.putNull("tenant");
        else root.put("tenant", q.tenant());
        ArrayNode data = root.putArray("rows");
        for (AuditRow r : rows) {
            ObjectNode n = data.addObject().put("provider", r.provider()).put("model", r.model()).put("boundary", r.boundary())
                    .put("region", r.region()).put("sensitivity", r.sensitivity());
            ArrayNode types = n.putArray("entity_types");
            if (r.entityTypes() != null) for (String t : r.entityTypes().split(",")) types.add(t);
            n.put("policy_version", r.policyVersion()).put("requests", r.requests())
                    .put("first_seen", iso(r.firstSeen())).put("last_seen", iso(r.lastSeen()));
        }
        return root;
    }

    private static String iso(Instant t) { return t.toString(); }

    private static String text(String s) { return s == null ? "" : s; }

    static String quote(String cell) {
        boolean needs = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
