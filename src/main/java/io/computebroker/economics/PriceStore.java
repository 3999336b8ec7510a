package io.computebroker.economics;

import io.computebroker.store.Database;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Price versions and their history in the store (V7). A version and its audit-log row are written in one
 * transaction: a refresh either happened, with its trail, or it did not. Decimals are stored as text, so
 * both databases return exactly what was written.
 */
public final class PriceStore {
    private static final String HISTORY_COLUMNS = "h.version_id, h.model, h.market_id, h.input_usd, h.cached_usd, h.output_usd,"
            + " h.context_length, h.prev_input_usd, h.prev_cached_usd, h.prev_output_usd, h.prev_context_length";
    private final Database db;

    public PriceStore(Database db) { this.db = db; }

    /** A new version id: time-ordered (base-36 milliseconds) with a random tail so two nodes never collide. */
    static String newId(Instant at) {
        return "pv_" + Long.toString(at.toEpochMilli(), 36) + "_" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    }

    /** Writes a version with its changes and an audit row; returns the version. */
    public PriceVersion write(String source, String actor, Instant at, List<PriceChange> changes) {
        PriceVersion v = new PriceVersion(newId(at), at, clip(source, 1000), actor, changes.size());
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO price_versions (id, created_at, source, actor, changes) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, v.id());
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, v.source());
                ps.setString(4, actor);
                ps.setInt(5, changes.size());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO price_history (version_id, model, market_id, input_usd, cached_usd,"
                    + " output_usd, context_length, prev_input_usd, prev_cached_usd, prev_output_usd, prev_context_length)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (PriceChange ch : changes) {
                    ps.setString(1, v.id());
                    ps.setString(2, ch.model());
                    ps.setString(3, ch.marketId());
                    ps.setString(4, ch.input().toPlainString());
                    ps.setString(5, text(ch.cachedInput()));
                    ps.setString(6, ch.output().toPlainString());
                    setLong(ps, 7, ch.contextLength());
                    ps.setString(8, text(ch.prevInput()));
                    ps.setString(9, text(ch.prevCachedInput()));
                    ps.setString(10, text(ch.prevOutput()));
                    setLong(ps, 11, ch.prevContextLength());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, "aud_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, actor);
                ps.setString(4, "prices.refresh");
                ps.setString(5, clip(v.id() + " from " + source + ": " + summary(changes), 2000));
                ps.executeUpdate();
            }
            return null;
        });
        return v;
    }

    private static String summary(List<PriceChange> changes) {
        StringBuilder sb = new StringBuilder();
        for (PriceChange ch : changes) {
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(ch.model()).append(' ').append(text(ch.prevInput())).append('/').append(text(ch.prevOutput()))
                    .append(" -> ").append(ch.input().toPlainString()).append('/').append(ch.output().toPlainString());
        }
        return sb.toString();
    }

    /** The newest version, or null before the first refresh. */
    public PriceVersion current() {
        List<PriceVersion> v = versions(1);
        return v.isEmpty() ? null : v.get(0);
    }

    /** Versions, newest first. */
    public List<PriceVersion> versions(int limit) {
        return db.with(c -> {
            List<PriceVersion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, created_at, source, actor, changes FROM price_versions"
                    + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PriceVersion(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    }
                }
            }
            return out;
        });
    }

    /** Each model's newest market price (the change that set it), by model id. */
    public Map<String, PriceChange> latestByModel() {
        Map<String, PriceChange> out = new LinkedHashMap<>();
        for (PriceChange ch : history(null)) out.put(ch.model(), ch); // oldest first: later rows win
        return out;
    }

    /** Every change, oldest first; one model's when {@code model} is not null. */
    public List<PriceChange> history(String model) {
        return db.with(c -> history(c, model));
    }

    private static List<PriceChange> history(Connection c, String model) throws SQLException {
        String sql = "SELECT " + HISTORY_COLUMNS + " FROM price_history h JOIN price_versions v ON v.id = h.version_id"
                + (model == null ? "" : " WHERE h.model = ?") + " ORDER BY v.created_at, v.id, h.model";
        List<PriceChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (model != null) ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PriceChange(rs.getString(1), rs.getString(2), rs.getString(3), dec(rs, 4), dec(rs, 5), dec(rs, 6),
                            lng(rs, 7), dec(rs, 8), dec(rs, 9), dec(rs, 10), lng(rs, 11)));
                }
            }
        }
        return out;
    }

    private static BigDecimal dec(ResultSet rs, int col) throws SQLException {
        String s = rs.getString(col);
        return s == null ? null : new BigDecimal(s);
    }

    private static Long lng(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }

    private static String text(BigDecimal d) { return d == null ? null : d.toPlainString(); }

    private static String clip(String s, int max) { return s.length() <= max ? s : s.substring(0, max); }
}
