package io.computebroker.provider;

/** Whether a configured provider can take traffic, and if not, what to do about it. */
public record ProviderStatus(String id, String kind, boolean available, String reason) {}
