package io.computebroker.eval.live;

import io.computebroker.core.ChatResponse;
import io.computebroker.core.Json;

import java.util.regex.Pattern;

/** Scores a candidate's answer in [0,1]: against the primary answer (exact) or on its own (json, regex). */
public interface Scorer {
    double score(ChatResponse primary, ChatResponse candidate);

    /** Whether the scorer needs the primary answer (canaries have none to compare with). */
    default boolean needsReference() { return false; }

    static Scorer of(String spec) {
        if (spec.equals("exact")) return new Scorer() {
            @Override public double score(ChatResponse p, ChatResponse c) {
                return p != null && normalise(p.text()).equals(normalise(c.text())) ? 1 : 0;
            }
            @Override public boolean needsReference() { return true; }
        };
        if (spec.equals("json")) return (p, c) -> {
            try {
                return Json.parse(c.text()).isObject() ? 1 : 0;
            } catch (RuntimeException notJson) {
                return 0;
            }
        };
        if (spec.startsWith("judge:")) return (p, c) -> { // only a canary's stream or a missing judge lands here
            throw new IllegalStateException("a judge scorer needs the broker to call the judge; use it for shadow trials");
        };
        Pattern pattern = Pattern.compile(spec.substring("regex:".length()), Pattern.DOTALL);
        return (p, c) -> pattern.matcher(c.text()).find() ? 1 : 0;
    }

    private static String normalise(String s) { return s.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT); }
}
