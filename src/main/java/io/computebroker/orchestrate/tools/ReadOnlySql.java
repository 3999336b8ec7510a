package io.computebroker.orchestrate.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.Json;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * {@code sql_query}: one SELECT on the configured database, read-only twice over: the statement must be
 * a single SELECT/WITH, and the connection itself is read-only (SQLite opened read-only, PostgreSQL in a
 * read-only transaction), so a write hidden in a function still fails. At most 200 rows, 10 s.
 */
public final class ReadOnlySql implements AgentTool {
    private static final int MAX_ROWS = 200;
    private final String jdbcUrl;

    public ReadOnlySql(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:"))
            throw new IllegalArgumentException("tools.sql must be a jdbc:sqlite: or jdbc:postgresql: URL");
        this.jdbcUrl = jdbcUrl;
    }

    @Override public String name() { return "sql_query"; }

    @Override public String description() { return "Runs one read-only SELECT on the configured database; returns rows as JSON"; }

    @Override
    public JsonNode inputSchema() {
        var s = Json.object().put("type", "object");
        s.putObject("properties").putObject("query").put("type", "string").put("description", "a single SELECT statement");
        s.putArray("required").add("query");
        return s;
    }

    @Override
    public String run(JsonNode arguments) throws ToolFailure {
        String q = AgentTool.requiredText(arguments, "query").strip();
        if (q.endsWith(";")) q = q.substring(0, q.length() - 1).strip();
        String head = q.toLowerCase(Locale.ROOT);
        if (!(head.startsWith("select") || head.startsWith("with")) || q.contains(";"))
            throw new ToolFailure("only a single SELECT (or WITH … SELECT) statement is allowed");
        try (Connection c = open(); Statement st = c.createStatement()) {
            st.setMaxRows(MAX_ROWS);
            st.setQueryTimeout(10);
            try (ResultSet rs = st.executeQuery(q)) {
                ResultSetMetaData md = rs.getMetaData();
                ArrayNode rows = Json.MAPPER.createArrayNode();
                while (rs.next()) {
                    ObjectNode row = rows.addObject();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        if (v == null) row.putNull(md.getColumnLabel(i));
                        else if (v instanceof Number n) row.put(md.getColumnLabel(i), new java.math.BigDecimal(n.toString()));
                        else row.put(md.getColumnLabel(i), v.toString());
                    }
                }
                return AgentTool.clip(Json.write(rows));
            }
        } catch (SQLException e) {
            throw new ToolFailure("query failed: " + e.getMessage());
        }
    }

    private Connection open() throws SQLException {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(true);
            return config.createConnection(jdbcUrl);
        }
        Connection c = DriverManager.getConnection(jdbcUrl);
        c.setReadOnly(true);
        return c;
    }
}
