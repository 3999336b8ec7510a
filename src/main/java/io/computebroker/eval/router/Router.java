package io.computebroker.eval.router;

/**
 * Picks a model for a prompt. {@code willingnessToPay} is the knob the cost–quality curve is swept over:
 * 0 asks for the best model the router can name, larger values let it trade quality for cost.
 */
@FunctionalInterface
public interface Router {
    String choose(String prompt, String task, double willingnessToPay);
}
