package io.computebroker.identify;

/** Who is calling: the virtual key that authenticated the request and the tenant it belongs to. */
public record Principal(String keyId, String tenant, String keyName) {}
