package io.computebroker.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Per-provider breaker: CLOSED until {@code failureThreshold} consecutive failures, then OPEN for
 * {@code openFor} (calls skip the provider), then HALF_OPEN: one probe is let through; its success
 * closes the breaker, its failure opens it again. Time comes from an {@link InstantSource} so tests
 * move a clock instead of sleeping.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final Duration openFor;
    private final InstantSource clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private boolean probeInFlight;

    public CircuitBreaker(int failureThreshold, Duration openFor, InstantSource clock) {
        if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be >= 1");
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a call may go to this provider now. In HALF_OPEN, only one caller gets true. */
    public synchronized boolean allow() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            probeInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probeInFlight) yield false;
                probeInFlight = true;
                yield true;
            }
        };
    }

    /** A peek for explanations: would a call be allowed, without taking the half-open probe. */
    public synchronized boolean isOpen() {
        return state == State.OPEN && clock.instant().isBefore(openedAt.plus(openFor));
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
    }

    public synchronized void onFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
            probeInFlight = false;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) return State.HALF_OPEN;
        return state;
    }
}
