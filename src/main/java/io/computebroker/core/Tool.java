package io.computebroker.core;

import com.fasterxml.jackson.databind.JsonNode;

/** A function the model may call; {@code inputSchema} is the JSON Schema of its arguments object. */
public record Tool(String name, String description, JsonNode inputSchema, JsonNode cacheControl) {}
