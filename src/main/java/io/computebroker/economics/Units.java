package io.computebroker.economics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Human figures for plans: 304M, 57.6B tokens; $1,234 (whole dollars above 100, cents below). */
public final class Units {
    private Units() {}

    public static String tokens(double t) {
        double a = Math.abs(t);
        if (a >= 1e12) return String.format(Locale.ROOT, "%.1fT", t / 1e12);
        if (a >= 1e9) return String.format(Locale.ROOT, "%.1fB", t / 1e9);
        if (a >= 1e6) return String.format(Locale.ROOT, "%.0fM", t / 1e6);
        if (a >= 1e3) return String.format(Locale.ROOT, "%.0fk", t / 1e3);
        return String.format(Locale.ROOT, "%.0f", t);
    }

    /** "$2,450" or "-$50.00": the sign before the currency. */
    public static String signedUsd(BigDecimal v) { return (v.signum() < 0 ? "-$" : "$") + usd(v.abs()); }

    public static String usd(BigDecimal v) {
        BigDecimal a = v.abs();
        if (a.compareTo(BigDecimal.valueOf(100)) >= 0) return String.format(Locale.ROOT, "%,d", v.setScale(0, RoundingMode.HALF_UP).longValue());
        if (a.compareTo(new BigDecimal("0.01")) >= 0) return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
        return v.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
