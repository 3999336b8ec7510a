package io.computebroker.report;

/**
 * Tokens (input + output) that one owned provider served in the report window, and the average rate
 * over the whole window. Utilisation is this rate over the hardware's sustained throughput, which lives
 * in config, so the caller divides (the CLI does when the provider has a {@code hardware} profile).
 */
public record OwnedUsage(String provider, long tokens, double tokensPerSecond) {}
