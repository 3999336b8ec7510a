package io.computebroker.config;

/**
 * Where a model runs, ordered from most to least controlled. Sensitive data may only go to a boundary
 * at or inside the one its sensitivity allows (enforced by the routing engine and again at dispatch).
 */
public enum Boundary {
    OWNED, PRIVATE_CLOUD, MARKETPLACE, FRONTIER;

    /** Made once: wire() runs several times per request (ledger, metrics, access log). */
    private final String wire = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

    public String wire() { return wire; }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Boundary parse(String s) {
        for (Boundary b : values()) if (b.wire().equals(s)) return b;
        throw new IllegalArgumentException("unknown boundary '" + s + "'; expected owned, private-cloud, marketplace or frontier");
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() { return wire(); }
}
