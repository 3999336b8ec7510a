package io.computebroker.budget;

import io.computebroker.ledger.Nusd;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * USD amounts as operators type them and as messages show them. Parsing is strict where
 * {@link Nusd#of} rounds: a limit someone typed with more than nine decimals is refused, not changed.
 */
public final class Usd {
    private Usd() {}

    /** "12.5", "$12.50" or "0.000000001" to nano-USD; negative, sub-nano or non-numbers are refused. */
    public static long parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("$")) t = t.substring(1);
        BigDecimal usd;
        try {
            usd = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a USD amount: '" + text + "'");
        }
        if (usd.signum() < 0) throw new IllegalArgumentException("amount must not be negative: " + usd.toPlainString());
        try {
            return usd.movePointRight(9).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + usd.toPlainString() + " USD is not a whole number of nano-USD or too large");
        }
    }

    /** "$12.50", "$0.000123": at least cents, no trailing zeros beyond them. */
    public static String format(long nusd) {
        BigDecimal usd = Nusd.usd(nusd).stripTrailingZeros();
        if (usd.scale() < 2) usd = usd.setScale(2, RoundingMode.UNNECESSARY);
        return "$" + usd.toPlainString();
    }
}
