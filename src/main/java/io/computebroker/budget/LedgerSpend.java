package io.computebroker.budget;

import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * Spend from the token ledger: the sum of {@code cost_nusd} over rows in any state that match the
 * budget's scope and were created at or after the window start. Pending rows carry cost 0 until they
 * settle, so this is the settled spend; in-flight work is what the ledgers' reservations are for.
 */
public final class LedgerSpend implements SpendSource {
    private final Database db;

    public LedgerSpend(Database db) { this.db = db; }

    @Override
    public long spentNusd(Budget b, Instant windowStart) {
        String match = switch (b.scope()) {
            case TENANT -> "tenant = ?";
            case KEY -> "key_id = ?";
            case FEATURE -> "tenant = ? AND feature = ?";
            case RUN -> "tenant = ? AND run_id = ?";
        };
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(cost_nusd), 0) FROM ledger WHERE " + match + " AND created_at >= ?")) {
                int i = 1;
                if (b.scope().perTenant()) ps.setString(i++, b.tenant());
                ps.setString(i++, b.scopeValue());
                ps.setLong(i, windowStart.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
