package io.computebroker.ledger;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.computebroker.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

/** Per-tenant data handling, cached briefly: whether prompt and completion text may be stored at all. */
public final class TenantSettings {
    private final Database db;
    private final LoadingCache<String, Boolean> storeText;

    public TenantSettings(Database db) {
        this.db = db;
        this.storeText = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30))
                .executor(Runnable::run).build(this::load); // read on every pending record: its maintenance stays on the caller
    }

    /** Text capture is off unless the tenant opted in. */
    public boolean storeText(String tenant) { return storeText.get(tenant); }

    private boolean load(String tenant) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT store_text FROM tenant_settings WHERE tenant = ?")) {
                ps.setString(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            }
        });
    }

    /** Opts a tenant in or out of text capture, with a retention period in days (null: keep). */
    public void set(String tenant, boolean text, Integer retentionDays) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant_settings (tenant, store_text, retention_days) VALUES (?, ?, ?)"
                    + " ON CONFLICT (tenant) DO UPDATE SET store_text = excluded.store_text, retention_days = excluded.retention_days")) {
                ps.setString(1, tenant);
                ps.setInt(2, text ? 1 : 0);
                ps.setObject(3, retentionDays, java.sql.Types.INTEGER);
                return ps.executeUpdate();
            }
        });
        storeText.invalidate(tenant);
    }
}
