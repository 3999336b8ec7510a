package io.computebroker.dispatch;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link CircuitBreaker} per provider, created on first use. */
public final class Breakers {
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);

    private final ConcurrentHashMap<String, CircuitBreaker> byProvider = new ConcurrentHashMap<>();
    private final int failureThreshold;
    private final Duration openFor;
    private final InstantSource clock;

    public Breakers(int failureThreshold, Duration openFor, InstantSource clock) {
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    public static Breakers defaults() {
        return new Breakers(DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_FOR, InstantSource.system());
    }

    private final java.util.Map<String, io.computebroker.config.ProviderConfig> configs = new java.util.HashMap<>();

    /** Per-provider thresholds from config; providers not in it get the defaults. */
    public Breakers(io.computebroker.config.BrokerConfig config, InstantSource clock) {
        this(DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_FOR, clock);
        config.providers().forEach(p -> configs.put(p.id(), p));
    }

    public CircuitBreaker of(String providerId) {
        return byProvider.computeIfAbsent(providerId, id -> {
            var pc = configs.get(id);
            return pc == null ? new CircuitBreaker(failureThreshold, openFor, clock)
                    : new CircuitBreaker(pc.breakerFailures(), Duration.ofMillis(pc.breakerOpenMs()), clock);
        });
    }
}
