package io.computebroker.orchestrate.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool a worker's model may call. Tools run inside the broker, so each one is narrow and bounded:
 * a sandbox folder, an allow-list of URLs, a read-only connection, output capped in size.
 */
public interface AgentTool {
    /** Largest output handed back to the model, in characters. */
    int MAX_OUTPUT = 16_000;

    String name();

    String description();

    /** JSON Schema of the arguments object. */
    JsonNode inputSchema();

    /** Runs the tool. @throws ToolFailure with a message fit for the model when the call cannot be done */
    String run(JsonNode arguments) throws ToolFailure;

    final class ToolFailure extends Exception {
        public ToolFailure(String message) { super(message); }
    }

    static String clip(String s) { return s.length() <= MAX_OUTPUT ? s : s.substring(0, MAX_OUTPUT) + "\n[truncated]"; }

    static String requiredText(JsonNode args, String key) throws ToolFailure {
        JsonNode v = args == null ? null : args.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new ToolFailure("argument '" + key + "' (a string) is required");
        return v.asText();
    }
}
