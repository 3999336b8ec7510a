package io.computebroker.budget;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.computebroker.store.Database;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Budget definitions in the {@code budgets} table. {@link #applicable} is on the request path, so its
 * answers are cached per (tenant, key) and reloaded in the background once older than
 * {@link #CACHE_TTL}: a change made through this instance is seen at once, one made by another process
 * (the CLI, another node) within about that time. Reloading in the background keeps requests off the
 * store, and while the store is unreachable the last definitions keep being enforced.
 */
public final class BudgetStore {
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration IDLE_EVICTION = Duration.ofMinutes(10);
    /** Reloads block on JDBC, so they get virtual threads rather than the common fork-join pool. */
    private static final Executor RELOADS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("budget-reload").factory());
    private static final String COLUMNS = "id, tenant, scope, scope_value, time_window, limit_nusd, soft_nusd, action, created_at";

    private final Database db;
    private final SecureRandom random = new SecureRandom();
    /** Every budget that can apply to a (tenant, key); feature and run tags are filtered per request. */
    private final LoadingCache<Subject, List<Budget>> bySubject;

    private record Subject(String tenant, String keyId) {}

    public BudgetStore(Database db) {
        this.db = db;
        this.bySubject = Caffeine.newBuilder().maximumSize(100_000).refreshAfterWrite(CACHE_TTL)
                .expireAfterAccess(IDLE_EVICTION).executor(RELOADS).build(this::load);
    }

    /** Creates the budget, or updates limit, soft limit and action of the one with the same target and window. */
    public Budget create(BudgetSpec spec) {
        Budget result = db.inTransaction(c -> {
            String existing = findId(c, spec);
            Instant now = Instant.ofEpochMilli(System.currentTimeMillis()); // what the column holds
            String id = existing != null ? existing : "bud_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            Budget b = new Budget(id, spec.tenant(), spec.scope(), spec.scopeValue(), spec.window(), spec.limitNusd(),
                    spec.softNusd(), spec.action(), now);
            String sql = existing != null
                    ? "UPDATE budgets SET limit_nusd = ?, soft_nusd = ?, action = ?, tenant = ? WHERE id = ?"
                    : "INSERT INTO budgets (limit_nusd, soft_nusd, action, tenant, id, scope, scope_value, time_window, created_at)"
                      + " VALUES (?,?,?,?,?,?,?,?,?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, b.limitNusd());
                ps.setObject(2, b.softNusd(), java.sql.Types.BIGINT);
                ps.setString(3, b.action().wire());
                ps.setString(4, b.tenant());
                ps.setString(5, id);
                if (existing == null) {
                    ps.setString(6, b.scope().wire());
                    ps.setString(7, b.scopeValue());
                    ps.setString(8, b.window().wire());
                    ps.setLong(9, now.toEpochMilli());
                }
                ps.executeUpdate();
            }
            return existing != null ? byId(c, id) : b;
        });
        bySubject.invalidateAll();
        return result;
    }

    private static String findId(Connection c, BudgetSpec spec) throws SQLException {
        String sql = "SELECT id FROM budgets WHERE scope = ? AND scope_value = ? AND time_window = ?"
                + (spec.scope().perTenant() ? " AND tenant = ?" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, spec.scope().wire());
            ps.setString(2, spec.scopeValue());
            ps.setString(3, spec.window().wire());
            if (spec.scope().perTenant()) ps.setString(4, spec.tenant());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Budget byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM budgets WHERE id = ?")) {
            ps.setString(1, id);
            List<Budget> found = read(ps);
            return found.isEmpty() ? null : found.getFirst();
        }
    }

    public List<Budget> list() {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM budgets ORDER BY tenant, scope, scope_value, id")) {
                return read(ps);
            }
        });
    }

    /** Deletes by id; false when there was none. */
    public boolean delete(String id) {
        int n = db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM budgets WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
        bySubject.invalidateAll();
        return n > 0;
    }

    /**
     * The budgets a request counts against: its tenant's, its key's, and its tenant's budgets for its
     * feature and run tags (null tags match nothing). Served from the cache.
     */
    public List<Budget> applicable(String tenant, String keyId, String feature, String runId) {
        Objects.requireNonNull(tenant, "tenant");
        List<Budget> out = new ArrayList<>(4);
        for (Budget b : bySubject.get(new Subject(tenant, keyId))) {
            boolean applies = switch (b.scope()) {
                case TENANT -> b.scopeValue().equals(tenant);
                case KEY -> b.scopeValue().equals(keyId);
                case FEATURE -> tenant.equals(b.tenant()) && b.scopeValue().equals(feature);
                case RUN -> tenant.equals(b.tenant()) && b.scopeValue().equals(runId);
            };
            if (applies) out.add(b);
        }
        return List.copyOf(out);
    }

    private List<Budget> load(Subject s) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM budgets WHERE (scope = 'tenant' AND scope_value = ?)"
                    + " OR (scope IN ('feature', 'run') AND tenant = ?) OR (scope = 'key' AND scope_value = ?) ORDER BY id")) {
                ps.setString(1, s.tenant());
                ps.setString(2, s.tenant());
                ps.setString(3, s.keyId());
                return read(ps);
            }
        });
    }

    private static List<Budget> read(PreparedStatement ps) throws SQLException {
        List<Budget> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long soft = rs.getLong(7);
                Long softNusd = rs.wasNull() ? null : soft;
                out.add(new Budget(rs.getString(1), rs.getString(2), Scope.parse(rs.getString(3)), rs.getString(4),
                        TimeWindow.parse(rs.getString(5)), rs.getLong(6), softNusd, BudgetAction.parse(rs.getString(8)),
                        Instant.ofEpochMilli(rs.getLong(9))));
            }
        }
        return out;
    }
}
