package io.computebroker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
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
 * The relational store: embedded SQLite (WAL) by default, PostgreSQL for many nodes. One schema, one
 * set of numbered migrations in {@code db/migration} for both (portable SQL: BIGINT, VARCHAR, TEXT,
 * SMALLINT flags, {@code INSERT … ON CONFLICT}).
 *
 * <p>SQLite serialises writers anyway, so it gets one connection behind a lock; PostgreSQL gets a
 * HikariCP pool. Hot-path reads go through caches above this class.
 */
public final class Database implements AutoCloseable {
    /** Migrations in order; each runs once, recorded in schema_version. */
    static final List<String> MIGRATIONS = List.of("V1__api_keys.sql", "V2__key_profiles.sql", "V3__ledger.sql", "V4__budget_indexes.sql", "V5__audit_log.sql",
            "V6__runs_tasks.sql", "V7__economics.sql", "V8__batch_lane.sql",
            "V9__upstream_batches.sql", "V10__ledger_pending_index.sql");

    public enum Kind { SQLITE, POSTGRES }

    private final Kind kind;
    private final Connection single;
    private final HikariDataSource pool;
    private final ReentrantLock lock = new ReentrantLock();
    private final String description;

    private Database(Kind kind, Connection single, HikariDataSource pool, String description) {
        this.kind = kind;
        this.single = single;
        this.pool = pool;
        this.description = description;
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
            Database db = new Database(Kind.SQLITE, c, null, url);
            db.migrate();
            return db;
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open the SQLite store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens PostgreSQL from {@code postgres://[user[:password]@]host[:port]/database} (or a jdbc:postgresql URL).
     * The password never appears in {@link #toString()} or logs.
     */
    public static Database openPostgres(String url) {
        HikariConfig hc = new HikariConfig();
        String jdbc = url;
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI u = URI.create(url);
            jdbc = "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath()
                    + (u.getQuery() == null ? "" : "?" + u.getQuery());
            if (u.getUserInfo() != null) {
                String[] ui = u.getUserInfo().split(":", 2);
                hc.setUsername(ui[0]);
                if (ui.length > 1) hc.setPassword(ui[1]);
            }
        }
        hc.setJdbcUrl(jdbc);
        hc.setMaximumPoolSize(16);
        hc.setPoolName("broker-pg");
        hc.setConnectionTimeout(5_000);
        try {
            HikariDataSource ds = new HikariDataSource(hc);
            Database db = new Database(Kind.POSTGRES, null, ds, jdbc);
            db.migrate();
            return db;
        } catch (RuntimeException | SQLException e) {
            throw new StoreException("cannot open PostgreSQL at " + jdbc + ": " + e.getMessage(), e);
        }
    }

    /** {@code postgres://…} opens PostgreSQL; anything else is the SQLite data directory. */
    public static Database open(String storeUrl, Path dataDir) {
        return storeUrl != null && storeUrl.startsWith("postgres") || storeUrl != null && storeUrl.startsWith("jdbc:postgresql")
                ? openPostgres(storeUrl) : openSqlite(dataDir);
    }

    public Kind kind() { return kind; }

    private void migrate() throws SQLException {
        with(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version VARCHAR(100) PRIMARY KEY, applied_at BIGINT NOT NULL)");
            }
            if (kind == Kind.POSTGRES) {
                // Two nodes may start at once: serialise migrations on a transaction-scoped advisory lock.
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(726354)");
                    applyPending(c);
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } else {
                c.setAutoCommit(false);
                try {
                    applyPending(c);
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
            return null;
        });
    }

    private static void applyPending(Connection c) throws SQLException {
        for (String m : MIGRATIONS) {
            try (var ps = c.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
                ps.setString(1, m);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) continue;
                }
            }
            try (Statement s = c.createStatement()) {
                for (String stmt : statements(m)) s.execute(stmt);
            } catch (SQLException e) {
                throw new SQLException("migration " + m + " failed: " + e.getMessage(), e);
            }
            try (var ps = c.prepareStatement("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                ps.setString(1, m);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
            }
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

    /** Runs work on a connection: the single locked one (SQLite) or one from the pool (PostgreSQL). */
    public <T> T with(SqlWork<T> work) {
        if (kind == Kind.POSTGRES) {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreException("store error: " + e.getMessage(), e);
            }
        }
        lock.lock();
        try {
            return work.run(single);
        } catch (SQLException e) {
            throw new StoreException("store error: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs work in one transaction, committed on success and rolled back on any failure. */
    public <T> T inTransaction(SqlWork<T> work) {
        return with(c -> {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    public boolean isOpen() {
        try {
            return with(c -> {
                try (Statement s = c.createStatement()) { return s.execute("SELECT 1"); }
            });
        } catch (StoreException e) {
            return false;
        }
    }

    public String url() { return description; }

    @Override
    public String toString() { return "Database[" + kind + " " + description + "]"; }

    @Override
    public void close() {
        try {
            if (single != null) single.close();
            if (pool != null) pool.close();
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
