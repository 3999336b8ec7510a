package io.computebroker.dispatch;

import io.computebroker.core.BrokerException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which upstream failures are worth another attempt, and how long to wait first: exponential backoff
 * with full jitter (so a fleet of brokers does not retry in lockstep), honouring a short Retry-After.
 */
public record RetryPolicy(Duration base, Duration cap) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2));

    /** Connect errors, 429, 5xx and timeouts are transient; a 400 from upstream is the request's fault. */
    public static boolean retryable(BrokerException e) {
        return switch (e.kind()) {
            case RATE_LIMITED, UPSTREAM, UPSTREAM_TIMEOUT, UNAVAILABLE, INTERNAL -> true;
            default -> false;
        };
    }

    /** Whether the failure says something about the provider's health (a 429 does not trip the breaker). */
    public static boolean providerFault(BrokerException e) {
        return switch (e.kind()) {
            case UPSTREAM, UPSTREAM_TIMEOUT, UNAVAILABLE, INTERNAL -> true;
            default -> false;
        };
    }

    /** Delay before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt, BrokerException cause) {
        if (cause != null && cause.retryAfter() != null) {
            try {
                Duration asked = Duration.ofSeconds(Long.parseLong(cause.retryAfter().strip()));
                if (asked.compareTo(cap) <= 0) return asked;
            } catch (NumberFormatException ignored) {
                // an HTTP-date Retry-After: fall back to our own backoff
            }
        }
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }
}
