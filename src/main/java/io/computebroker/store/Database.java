package io.computebroker.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The embedded store: one SQLite file in WAL mode under the data directory, schema kept current by
 * numbered migrations in {@code db/migration}. SQLite serialises writers anyway, so one connection
 * behind a lock is both simplest and fastest; reads on the hot path go through caches above this.
 */
public final class Database implements AutoCloseable {
    /** Migrations in order; each runs once, recorded in schema_version. Portable SQL (SQLite and PostgreSQL). */
    static final List<String> MIGRATIONS = List.of("V1__api_keys.sql", "V2__key_profiles.sql");

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final String url;

    private Database(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    public static Database openSqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:sqlite:" + dataDir.resolve("broker.db").toAbsolutePath();
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA foreign_keys=ON");
            }
            Database db = new Database(c, url);
            db.migrate();
            return db;
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open the SQLite store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        lock.lock();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version VARCHAR(100) PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (String m : MIGRATIONS) {
                try (var ps = connection.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
                    ps.setString(1, m);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) continue;
                    }
                }
                connection.setAutoCommit(false);
                try {
                    for (String stmt : statements(m)) s.execute(stmt);
                    try (var ps = connection.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                        ps.setString(1, m);
                        ps.setLong(2, System.currentTimeMillis());
                        ps.executeUpdate();
                    }
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw new SQLException("migration " + m + " failed: " + e.getMessage(), e);
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static List<String> statements(String migration) {
        try (InputStream in = Database.class.getResourceAsStream("/db/migration/" + migration)) {
            if (in == null) throw new StoreException("migration " + migration + " missing from the jar", null);
            String sql = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.strip().startsWith("--"))
                    .collect(Collectors.joining("\n"));
            return java.util.Arrays.stream(sql.split(";")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + migration, e);
        }
    }

    /** Runs work with exclusive use of the connection. */
    public <T> T with(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("store error: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    public boolean isOpen() {
        try {
            return !connection.isClosed() && with(c -> {
                try (Statement s = c.createStatement()) { return s.execute("SELECT 1"); }
            });
        } catch (SQLException | StoreException e) {
            return false;
        }
    }

    public String url() { return url; }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close store", e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) { super(message, cause); }
    }
}
