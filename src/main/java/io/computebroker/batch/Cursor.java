package io.computebroker.batch;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keyset paging of a tenant's rows by (created_at, id), after the row whose id the caller passes: the list
 * endpoints' {@code after}. Only the caller's own row is a cursor; another tenant's id gives an empty page,
 * never a position by that row's creation time.
 */
final class Cursor {
    private Cursor() {}

    /**
     * The condition on rows of {@code table} after the cursor row, for {@link #bind}; {@code oldestFirst} pages
     * forwards in time, else backwards.
     */
    static String after(String table, boolean oldestFirst) {
        String cmp = oldestFirst ? ">" : "<";
        String at = "(SELECT created_at FROM " + table + " WHERE id = ? AND tenant = ?)";
        return " AND (created_at " + cmp + " " + at + " OR created_at = " + at + " AND id " + cmp + " ?)";
    }

    /** The ORDER BY that {@link #after} pages through. */
    static String order(boolean oldestFirst) {
        return oldestFirst ? " ORDER BY created_at ASC, id ASC" : " ORDER BY created_at DESC, id DESC";
    }

    /** Binds {@link #after}'s parameters from index {@code i}; returns the next index. */
    static int bind(PreparedStatement ps, int i, String after, String tenant) throws SQLException {
        ps.setString(i++, after);
        ps.setString(i++, tenant);
        ps.setString(i++, after);
        ps.setString(i++, tenant);
        ps.setString(i++, after);
        return i;
    }
}
