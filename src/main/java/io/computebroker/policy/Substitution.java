package io.computebroker.policy;

import java.util.Locale;

/**
 * What the broker may do with the model a caller named.
 * <ul>
 *   <li>{@code EXACT}: never substitute; the named model or an error.</li>
 *   <li>{@code CEILING}: the named model is the most expensive allowed; a cheaper one that meets the
 *       quality floor may serve instead (how coding-tool traffic asking for a frontier model is brokered).</li>
 *   <li>{@code AUTO}: any model; also what the model names {@code auto} and {@code broker/auto} mean.</li>
 * </ul>
 */
public enum Substitution {
    EXACT, CEILING, AUTO;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Substitution parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown substitution mode '" + s + "'; expected exact, ceiling or auto");
        }
    }

    /** Made once: wire() runs per request (decision summary, headers, ledger). */
    private final String wire = name().toLowerCase(Locale.ROOT);

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() { return wire; }
}
