package io.computebroker.settle;

/**
 * Receives every request twice: {@link #pending} right before dispatch, {@link #settle} after. Must not
 * block the request path for long (the ledger appends to a local journal and writes to its store later).
 */
public interface Settler {
    default void pending(Pending pending) { }

    void settle(Settlement settlement);

    /** Several settlers in order (running totals, the ledger, metrics). */
    static Settler all(Settler... settlers) {
        return new Settler() {
            @Override
            public void pending(Pending p) {
                for (Settler s : settlers) s.pending(p);
            }

            @Override
            public void settle(Settlement st) {
                for (Settler s : settlers) s.settle(st);
            }
        };
    }
}
