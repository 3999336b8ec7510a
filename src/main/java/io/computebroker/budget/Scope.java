package io.computebroker.budget;

import java.util.Locale;

/**
 * What a budget counts: a whole tenant, one virtual key, or one feature or run tag of a tenant. Feature
 * and run tags are free text chosen by callers, so they only mean something inside one tenant.
 */
public enum Scope {
    TENANT, KEY, FEATURE, RUN;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** Whether the tenant column is part of the budget's identity (feature and run tags are per tenant). */
    public boolean perTenant() { return this == FEATURE || this == RUN; }

    public static Scope parse(String text) {
        for (Scope s : values()) if (s.wire().equalsIgnoreCase(text == null ? "" : text.strip())) return s;
        throw new IllegalArgumentException("unknown budget scope '" + text + "' (tenant, key, feature or run)");
    }
}
