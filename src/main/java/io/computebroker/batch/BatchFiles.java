package io.computebroker.batch;

import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Batch input and result files (OpenAI Files API objects) in the store, scoped to a tenant. */
public final class BatchFiles {
    private final Database db;

    public BatchFiles(Database db) { this.db = db; }

    public BatchFile putFile(String id, String tenant, String purpose, String filename, String content, long now) {
        long bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_files (id, tenant, purpose, filename, bytes, created_at, content)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                ps.setString(3, purpose);
                ps.setString(4, filename);
                ps.setLong(5, bytes);
                ps.setLong(6, now);
                ps.setString(7, content);
                return ps.executeUpdate();
            }
        });
        return new BatchFile(id, tenant, purpose, filename, bytes, now);
    }

    public Optional<BatchFile> file(String tenant, String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant, purpose, filename, bytes, created_at FROM batch_files"
                    + " WHERE id = ? AND tenant = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new BatchFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6))) : Optional.<BatchFile>empty();
                }
            }
        });
    }

    public Optional<String> content(String tenant, String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM batch_files WHERE id = ? AND tenant = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * A page of the tenant's files, newest first (or oldest first), after the file {@code after} in that order;
     * {@code purpose} null for every purpose.
     */
    public List<BatchFile> list(String tenant, String purpose, String after, boolean oldestFirst, int limit) {
        String sql = "SELECT id, tenant, purpose, filename, bytes, created_at FROM batch_files WHERE tenant = ?"
                + (purpose == null ? "" : " AND purpose = ?")
                + (after == null ? "" : Cursor.after("batch_files", oldestFirst)) + Cursor.order(oldestFirst) + " LIMIT ?";
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenant);
                if (purpose != null) ps.setString(i++, purpose);
                if (after != null) i = Cursor.bind(ps, i, after, tenant);
                ps.setInt(i, limit);
                List<BatchFile> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new BatchFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6)));
                    }
                }
                return out;
            }
        });
    }

    /** Deletes the tenant's file; false when it has none by that id. Batches keep their reference to it (its content is then 404). */
    public boolean delete(String tenant, String id) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_files WHERE id = ? AND tenant = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                return ps.executeUpdate() > 0;
            }
        });
    }
}
