package io.computebroker.economics;

import java.time.Instant;

/** A set of price changes applied together: when, from which feed, by whom, how many models moved. */
public record PriceVersion(String id, Instant createdAt, String source, String actor, int changes) {
    /** The version every card is stamped with before any market refresh: the configured prices. */
    public static final String CONFIG = "config";
}
