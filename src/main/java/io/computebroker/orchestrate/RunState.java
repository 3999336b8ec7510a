package io.computebroker.orchestrate;

import java.util.Locale;

/** Where a run is. The last four are final: nothing is scheduled for a run in one of them. */
public enum RunState {
    PLANNING, RUNNING, AGGREGATING, DONE, FAILED, CANCELLED, BUDGET_EXHAUSTED;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public boolean terminal() { return ordinal() >= DONE.ordinal(); }

    public static RunState parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
