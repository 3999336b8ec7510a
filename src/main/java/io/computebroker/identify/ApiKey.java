package io.computebroker.identify;

import java.time.Instant;

/** A stored virtual key, as listed: never the key itself, only its id and display prefix. */
public record ApiKey(String id, String tenant, String name, String prefix, Instant createdAt, Instant revokedAt) {
    public boolean active() { return revokedAt == null; }
}
