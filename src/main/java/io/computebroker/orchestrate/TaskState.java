package io.computebroker.orchestrate;

import java.util.Locale;

/**
 * A task's life: pending → leased → running → (awaiting_approval) → done | failed | cancelled. A lease
 * that expires (its worker died) sends a leased or running task back to pending; a done task is final
 * and its result is never recomputed.
 */
public enum TaskState {
    PENDING, LEASED, RUNNING, AWAITING_APPROVAL, DONE, FAILED, CANCELLED;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public boolean terminal() { return this == DONE || this == FAILED || this == CANCELLED; }

    public static TaskState parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
