package io.computebroker.budget;

import java.util.Locale;

/**
 * What the request path does when a request would cross a budget's hard limit: refuse it, or route it
 * to a cheaper model whose worst case still fits (and refuse only if none does).
 */
public enum BudgetAction {
    REJECT, DOWNGRADE;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static BudgetAction parse(String text) {
        for (BudgetAction a : values()) if (a.wire().equalsIgnoreCase(text == null ? "" : text.strip())) return a;
        throw new IllegalArgumentException("unknown budget action '" + text + "' (reject or downgrade)");
    }
}
