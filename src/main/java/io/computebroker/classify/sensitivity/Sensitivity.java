package io.computebroker.classify.sensitivity;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How sensitive a request is, in increasing order: the routing boundary compares these with
 * {@link #compareTo}, so the declaration order is the contract.
 */
public enum Sensitivity {
    /** Nothing personal or secret found: any boundary may serve it. */
    PUBLIC,
    /** Operational detail (e.g. an IP address) that should stay off public marketplaces. */
    INTERNAL,
    /** Personal data (names, contact details, account numbers): owned or contracted models only. */
    CONFIDENTIAL,
    /** Credentials, card numbers and national identifiers: never leave the owned boundary. */
    RESTRICTED;

    /** Parses a level case-insensitively, as callers send it in tags and config files. */
    public static Sensitivity parse(String s) {
        if (s != null) {
            String key = s.strip().toUpperCase(Locale.ROOT);
            for (Sensitivity v : values()) {
                if (v.name().equals(key)) return v;
            }
        }
        throw new IllegalArgumentException("unknown sensitivity '" + s + "'; allowed: "
                + Arrays.stream(values()).map(Sensitivity::wire).collect(Collectors.joining(", ")));
    }

    /** Made once: wire() runs several times per request (ledger, metrics, access log). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lower-case form used on the wire and in config. */
    public String wire() {
        return wire;
    }

    /** The stricter of the two levels. */
    public Sensitivity max(Sensitivity other) {
        return other != null && other.compareTo(this) > 0 ? other : this;
    }
}
