package io.computebroker.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Nano-USD (1e-9 USD) as long: the ledger's unit of money, exact in SQL sums on every database. */
public final class Nusd {
    private Nusd() {}

    public static long of(BigDecimal usd) {
        return usd.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    public static BigDecimal usd(long nusd) {
        return BigDecimal.valueOf(nusd, 9);
    }
}
