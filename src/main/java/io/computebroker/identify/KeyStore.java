package io.computebroker.identify;

import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.computebroker.store.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Virtual keys: created once (the caller sees the key exactly once), stored as SHA-256 hashes, looked up
 * by hash. A plain hash is enough because keys are 190 random bits, not passwords. Lookups are cached
 * for {@link #CACHE_TTL} so the hot path does not touch the store; a revocation made by another process
 * (the CLI) therefore takes effect within that time, and immediately in this one.
 */
public final class KeyStore {
    public static final String KEY_PREFIX = "sk-cb-";
    static final Duration CACHE_TTL = Duration.ofSeconds(10);
    /** Refreshes block on JDBC, so they get virtual threads rather than the common fork-join pool. */
    private static final java.util.concurrent.Executor REFRESHES =
            java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("key-refresh").factory());
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int KEY_RANDOM_CHARS = 32;

    private final Database db;
    private final SecureRandom random = new SecureRandom();
    /**
     * Keys in use are re-read in the background after half the TTL (the request that finds the entry
     * that old is served from it), so no request waits on the store every {@link #CACHE_TTL}; an entry
     * is never served older than the TTL.
     */
    private final LoadingCache<String, Optional<Principal>> byHash = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(CACHE_TTL).refreshAfterWrite(CACHE_TTL.dividedBy(2))
            .executor(REFRESHES)
            .build(this::lookup);

    public KeyStore(Database db) { this.db = db; }

    /** A created key: {@code secret} is shown once and never stored. */
    public record Created(ApiKey key, String secret) {}

    public Created create(String tenant, String name) {
        return create(tenant, name, KeyProfile.NONE);
    }

    /** Routing defaults a key carries; see {@link Principal}. */
    public record KeyProfile(io.computebroker.classify.sensitivity.Sensitivity sensitivityFloor,
                             io.computebroker.policy.Substitution substitution, String defaultFeature,
                             Integer rpmLimit, Integer tpmLimit, boolean admin) {
        public static final KeyProfile NONE = new KeyProfile(null, null, null, null, null, false);

        public KeyProfile(io.computebroker.classify.sensitivity.Sensitivity sensitivityFloor,
                          io.computebroker.policy.Substitution substitution, String defaultFeature) {
            this(sensitivityFloor, substitution, defaultFeature, null, null, false);
        }
    }

    public Created create(String tenant, String name, KeyProfile profile) {
        if (tenant == null || tenant.isBlank()) throw new IllegalArgumentException("tenant is required");
        StringBuilder sb = new StringBuilder(KEY_PREFIX);
        for (int i = 0; i < KEY_RANDOM_CHARS; i++) sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        String secret = sb.toString();
        String id = "key_" + secret.substring(KEY_PREFIX.length(), KEY_PREFIX.length() + 4) + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        String prefix = secret.substring(0, KEY_PREFIX.length() + 4);
        Instant now = Instant.now();
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_keys (id, tenant, name, key_hash, key_prefix, created_at, sensitivity_floor, substitution,"
                    + " default_feature, rpm_limit, tpm_limit, is_admin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, tenant);
                ps.setString(3, name);
                ps.setString(4, hash(secret));
                ps.setString(5, prefix);
                ps.setLong(6, now.toEpochMilli());
                ps.setString(7, profile.sensitivityFloor() == null ? "public" : profile.sensitivityFloor().wire());
                ps.setString(8, profile.substitution() == null ? null : profile.substitution().wire());
                ps.setString(9, profile.defaultFeature());
                ps.setObject(10, profile.rpmLimit(), java.sql.Types.INTEGER);
                ps.setObject(11, profile.tpmLimit(), java.sql.Types.INTEGER);
                ps.setInt(12, profile.admin() ? 1 : 0);
                return ps.executeUpdate();
            }
        });
        return new Created(new ApiKey(id, tenant, name, prefix, now, null), secret);
    }

    /** The principal for a presented key, if it exists and is not revoked. */
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 200) return Optional.empty();
        return byHash.get(hash(presented));
    }

    private Optional<Principal> lookup(String keyHash) { return principalWhere("key_hash", keyHash); }

    /**
     * The principal of an active key by its id, for work done later on the key's behalf (queued batch
     * items): a key revoked in the meantime no longer acts.
     */
    public Optional<Principal> principal(String keyId) { return principalWhere("id", keyId); }

    /** @param column a constant chosen here, never caller text */
    private Optional<Principal> principalWhere(String column, String value) {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, tenant, name, sensitivity_floor, substitution, default_feature, rpm_limit, tpm_limit, is_admin FROM api_keys"
                    + " WHERE " + column + " = ? AND revoked_at IS NULL")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    String mode = rs.getString(5);
                    return Optional.of(new Principal(rs.getString(1), rs.getString(2), rs.getString(3),
                            io.computebroker.classify.sensitivity.Sensitivity.parse(rs.getString(4)),
                            mode == null ? null : io.computebroker.policy.Substitution.parse(mode), rs.getString(6),
                            intOrNull(rs.getObject(7)), intOrNull(rs.getObject(8)), rs.getInt(9) == 1));
                }
            }
        });
    }

    public List<ApiKey> list() {
        return db.with(c -> {
            List<ApiKey> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, tenant, name, key_prefix, created_at, revoked_at FROM api_keys ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long revoked = rs.getLong(6);
                    Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                    out.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), revokedAt));
                }
            }
            return out;
        });
    }

    /** Revokes by key id; returns false when no active key has that id. */
    public boolean revoke(String id) {
        int n = db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
        byHash.invalidateAll();
        return n > 0;
    }

    public int countActive() {
        return db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static Integer intOrNull(Object o) { return o == null ? null : ((Number) o).intValue(); }

    static String hash(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
