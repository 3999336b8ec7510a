package io.computebroker.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a report groups by, and the SQL expression for it. The expressions are constants chosen here,
 * never caller text, so they can be spliced into SQL safely. {@code day} is the UTC day: integer
 * division of epoch milliseconds behaves the same on SQLite and PostgreSQL.
 */
public enum GroupBy {
    TENANT("tenant"), KEY("key_id"), FEATURE("feature"), MODEL("model"), PROVIDER("provider"), TASK("task"),
    LANE("lane"), DAY("created_at / 86400000");

    private static final String ALLOWED = Arrays.stream(values()).map(GroupBy::wire).collect(Collectors.joining(", "));

    final String sql;

    GroupBy(String sql) { this.sql = sql; }

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static GroupBy parse(String s) {
        if (s != null) {
            for (GroupBy g : values()) if (g.wire().equalsIgnoreCase(s.strip())) return g;
        }
        throw new IllegalArgumentException("cannot group by '" + s + "'; allowed: " + ALLOWED);
    }

    /** The group value in column {@code col}: the column text, or the ISO date for {@code day}; null when the column is null. */
    String read(ResultSet rs, int col) throws SQLException {
        if (this == DAY) {
            long day = rs.getLong(col);
            return rs.wasNull() ? null : LocalDate.ofEpochDay(day).toString();
        }
        return rs.getString(col);
    }
}
