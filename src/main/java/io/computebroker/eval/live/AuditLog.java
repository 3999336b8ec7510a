package io.computebroker.eval.live;

import io.computebroker.store.Database;

import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/** The audit trail of changes: one row per action, who took it and why (never prompt content). */
public final class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private final Database db;

    public AuditLog(Database db) { this.db = db; }

    public void record(String actor, String action, String detail) {
        LOG.warning(actor + " " + action + ": " + detail);
        db.with(c -> {
            try (var ps = c.prepareStatement("INSERT INTO audit_log (id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, "aud_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, actor);
                ps.setString(4, action);
                ps.setString(5, detail.length() > 2000 ? detail.substring(0, 2000) : detail);
                return ps.executeUpdate();
            }
        });
    }
}
