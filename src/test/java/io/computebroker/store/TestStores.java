package io.computebroker.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real stores for tests: a fresh SQLite directory, or a fresh schema in the machine's PostgreSQL
 * (127.0.0.1:5432, database {@code test}, trust auth) so parallel and repeated runs never collide.
 */
public final class TestStores {
    public static final String PG_BASE = "postgres://postgres@127.0.0.1:5432/test";

    private TestStores() {}

    public static Database sqlite() {
        try {
            return Database.openSqlite(Files.createTempDirectory("broker-store"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A URL for a new, empty PostgreSQL schema (shared by all nodes that open it). */
    public static String freshPostgresUrl() {
        String schema = "cb_t" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (database test) is needed for this test: " + e.getMessage(), e);
        }
        return PG_BASE + "?currentSchema=" + schema;
    }

    public static Database postgres() { return Database.openPostgres(freshPostgresUrl()); }

    public static Database open(String kind) { return kind.equals("postgres") ? postgres() : sqlite(); }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("broker-node");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
