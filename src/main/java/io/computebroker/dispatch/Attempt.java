package io.computebroker.dispatch;

/**
 * One try against one model. {@code outcome}: ok, error kind (e.g. upstream_timeout), or a skip
 * ({@code skipped:circuit-open}, {@code spilled:saturated}). Becomes part of the request's ledger row.
 */
public record Attempt(String model, String provider, int number, String outcome, String error, long micros) {
    public boolean ok() { return outcome.equals("ok"); }
}
