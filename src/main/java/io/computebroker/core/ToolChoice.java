package io.computebroker.core;

/**
 * How the model may use tools. {@code name} is set only for {@link Mode#TOOL}.
 * {@code parallel} false asks for at most one tool call per turn.
 */
public record ToolChoice(Mode mode, String name, boolean parallel) {
    public enum Mode { AUTO, NONE, ANY, TOOL }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null, true);
}
