package io.computebroker.classify;

/**
 * What the broker knows about a request before deciding where it goes. The routing engine adds task
 * class, complexity and sensitivity; the data plane needs size and required capabilities.
 */
public record Signals(int promptTokens, boolean hasTools, boolean hasImages, boolean wantsJson) {}
