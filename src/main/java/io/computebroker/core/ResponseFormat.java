package io.computebroker.core;

import com.fasterxml.jackson.databind.JsonNode;

/** Requested output shape: free text, any JSON object, or JSON matching {@code schema}. */
public record ResponseFormat(Kind kind, String name, JsonNode schema, boolean strict) {
    public enum Kind { TEXT, JSON_OBJECT, JSON_SCHEMA }
}
