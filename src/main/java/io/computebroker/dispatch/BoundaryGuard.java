package io.computebroker.dispatch;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.config.Boundary;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;

import java.util.EnumSet;
import java.util.Set;

/**
 * The data-boundary invariant in one place: a request at {@code confidential} or above never reaches a
 * model outside owned infrastructure. The decide stage filters with {@link #allowed}; dispatch calls
 * {@link #check} again right before bytes leave, whatever the policy, retries or fallbacks decided.
 */
public final class BoundaryGuard {
    private static final Set<Boundary> OWNED_ONLY = EnumSet.of(Boundary.OWNED);
    private static final Set<Boundary> ANY = EnumSet.allOf(Boundary.class);

    private BoundaryGuard() {}

    public static Set<Boundary> allowed(Sensitivity s) {
        return s.compareTo(Sensitivity.CONFIDENTIAL) >= 0 ? OWNED_ONLY : ANY;
    }

    public static void check(Sensitivity s, ModelConfig model) {
        if (!allowed(s).contains(model.boundary())) {
            throw new BrokerException(ErrorKind.PERMISSION, "refusing to send a " + s.wire() + " request to '" + model.id()
                    + "' (" + model.boundary().wire() + "): " + s.wire() + " data stays on owned infrastructure");
        }
    }
}
