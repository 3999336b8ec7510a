package io.computebroker.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum Capability {
    CHAT, TOOLS, VISION, JSON, EMBEDDINGS;

    @JsonCreator
    public static Capability parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown capability '" + s + "'; expected chat, tools, vision, json or embeddings");
        }
    }

    /** Made once, not per serialisation. */
    private final String json = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String json() { return json; }
}
