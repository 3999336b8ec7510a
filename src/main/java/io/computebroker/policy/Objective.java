package io.computebroker.policy;

import java.util.Locale;

/** How eligible candidates are ordered. */
public enum Objective {
    /** Minimum expected cost per accepted output: expected cost / expected quality (the default). */
    CHEAPEST,
    /** Highest expected quality, cost breaking ties. */
    QUALITY,
    /** Lowest expected latency, cost breaking ties. */
    FASTEST;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Objective parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown objective '" + s + "'; expected cheapest, quality or fastest");
        }
    }

    /** Made once: wire() runs per request (decision summary). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() { return wire; }
}
