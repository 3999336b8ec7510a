package io.computebroker.dispatch;

import io.computebroker.core.BrokerException;

import java.util.List;

/** Every candidate failed (or one failed in a way no other could fix): the error for the caller plus the attempts, for the ledger. */
public final class DispatchFailure extends RuntimeException {
    private final BrokerException error;
    private final List<Attempt> attempts;

    public DispatchFailure(BrokerException error, List<Attempt> attempts) {
        super(error.getMessage(), error, false, false);
        this.error = error;
        this.attempts = List.copyOf(attempts);
    }

    public BrokerException error() { return error; }

    public List<Attempt> attempts() { return attempts; }
}
