package io.computebroker.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Ledger money is integer nano-USD; reports show USD. Sums stay exact end to end: SQL sums the
 * integers, this class only moves the decimal point (scale 9), and nothing passes through double.
 */
public final class Money {
    public static final int NANO_SCALE = 9;

    private Money() {}

    /** nano-USD (an exact SQL sum) to USD with 9 decimals. */
    public static BigDecimal usd(BigDecimal nanoUsd) {
        return (nanoUsd == null ? BigDecimal.ZERO : nanoUsd).movePointLeft(NANO_SCALE).setScale(NANO_SCALE, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal usd(long nanoUsd) { return io.computebroker.ledger.Nusd.usd(nanoUsd); }

    /** Micro-dollar text for tables; JSON carries the full 9 decimals. */
    public static String table(BigDecimal usd) { return usd.setScale(6, RoundingMode.HALF_UP).toPlainString(); }
}
