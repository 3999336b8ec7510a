package io.computebroker.cache;

import io.computebroker.core.ChatResponse;

import java.time.Duration;
import java.util.Optional;

/** Exact response cache: in-process (bounded by bytes) on one node, Redis when nodes share it. */
public interface ResponseCache {
    /** A stored answer, the model that produced it and the cost the original call had (what a hit saves). */
    record Entry(ChatResponse response, String model, long costNusd, long storedAtMs) {}

    Optional<Entry> get(String key);

    void put(String key, Entry entry, Duration ttl);
}
