package io.computebroker.config;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What owned capacity costs: either a monthly figure, or capex written off over months plus power.
 * With the throughput the hardware sustains, it gives an effective price per 1M tokens at a utilisation
 * (seed 001: owned hardware is only cheap when it is busy).
 */
public record HardwareProfile(String accelerator, Integer count, BigDecimal monthlyCostUsd, BigDecimal capexUsd,
                              Integer depreciationMonths, BigDecimal powerKw, BigDecimal energyUsdPerKwh,
                              Double throughputTokensPerSecond) {
    private static final double SECONDS_PER_MONTH = 30.0 * 24 * 3600;
    /** Below this utilisation the price is quoted as if at it, so an idle box does not price at infinity. */
    static final double MIN_UTILISATION = 0.10;

    public HardwareProfile {
        if (monthlyCostUsd == null && (capexUsd == null || depreciationMonths == null)) {
            throw new IllegalArgumentException("hardware needs monthlyCostUsd, or capexUsd with depreciationMonths");
        }
        if (throughputTokensPerSecond == null || throughputTokensPerSecond <= 0) {
            throw new IllegalArgumentException("hardware.throughputTokensPerSecond must be > 0");
        }
    }

    public BigDecimal monthlyUsd() {
        if (monthlyCostUsd != null) return monthlyCostUsd;
        BigDecimal m = capexUsd.divide(BigDecimal.valueOf(depreciationMonths), 6, RoundingMode.HALF_UP);
        if (powerKw != null && energyUsdPerKwh != null) {
            m = m.add(powerKw.multiply(energyUsdPerKwh).multiply(BigDecimal.valueOf(24 * 30)));
        }
        return m;
    }

    /** USD per 1M tokens when the hardware runs at {@code utilisation} (0..1) of its throughput. */
    public BigDecimal effectivePricePerMillion(double utilisation) {
        double u = Math.max(MIN_UTILISATION, Math.min(1.0, utilisation));
        double tokensPerMonth = throughputTokensPerSecond * SECONDS_PER_MONTH * u;
        return monthlyUsd().multiply(BigDecimal.valueOf(1_000_000)).divide(BigDecimal.valueOf(tokensPerMonth), 6, RoundingMode.HALF_UP);
    }
}
