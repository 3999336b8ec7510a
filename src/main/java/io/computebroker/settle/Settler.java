package io.computebroker.settle;

/** Receives every finished request. Must not block the request path for long (the ledger batches). */
public interface Settler {
    void settle(Settlement settlement);
}
