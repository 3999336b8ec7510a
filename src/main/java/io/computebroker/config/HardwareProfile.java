package io.computebroker.config;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What owned capacity costs: either an all-in monthly figure, or capex written off over months plus
 * power at an energy price. With the throughput the hardware sustains (tokens/s at full load), it gives
 * an effective price per 1M tokens at a utilisation (seed 001: owned hardware is only cheap when busy).
 *
 * <p>{@code routingUtilisationFloor}: routing quotes the box at no less than this utilisation (default
 * {@value #DEFAULT_ROUTING_FLOOR}). Priced at its measured utilisation, an idle box looks dear, the router
 * sends its traffic elsewhere, and it stays idle: the floor breaks that spiral by quoting an idle box at the
 * average cost it would have at the load it was bought for. Above the floor the measured (lower) price
 * applies. Reports always use the measured utilisation: that is what the tokens really cost.
 */
public record HardwareProfile(String accelerator, Integer count, BigDecimal monthlyCostUsd, BigDecimal capexUsd,
                              Integer depreciationMonths, BigDecimal powerKw, BigDecimal energyUsdPerKwh,
                              Double throughputTokensPerSecond, Double routingUtilisationFloor) {
    /** The month every owned-cost figure uses: 30 days, like the seed's monthly TCO bands. */
    public static final double SECONDS_PER_MONTH = 30.0 * 24 * 3600;
    static final double HOURS_PER_MONTH = 30.0 * 24;
    public static final double DEFAULT_ROUTING_FLOOR = 0.5;

    public HardwareProfile {
        if (monthlyCostUsd == null && (capexUsd == null || depreciationMonths == null)) {
            throw new IllegalArgumentException("hardware needs monthlyCostUsd, or capexUsd with depreciationMonths");
        }
        if (monthlyCostUsd != null && monthlyCostUsd.signum() < 0) throw new IllegalArgumentException("hardware.monthlyCostUsd must be >= 0");
        if (capexUsd != null && capexUsd.signum() < 0) throw new IllegalArgumentException("hardware.capexUsd must be >= 0");
        if (depreciationMonths != null && depreciationMonths < 1) throw new IllegalArgumentException("hardware.depreciationMonths must be >= 1");
        if ((powerKw == null) != (energyUsdPerKwh == null)) {
            throw new IllegalArgumentException("hardware.powerKw and hardware.energyUsdPerKwh go together");
        }
        if (throughputTokensPerSecond == null || throughputTokensPerSecond <= 0) {
            throw new IllegalArgumentException("hardware.throughputTokensPerSecond must be > 0");
        }
        if (count != null && count < 1) throw new IllegalArgumentException("hardware.count must be >= 1");
        if (routingUtilisationFloor == null) routingUtilisationFloor = DEFAULT_ROUTING_FLOOR;
        if (routingUtilisationFloor <= 0 || routingUtilisationFloor > 1) {
            throw new IllegalArgumentException("hardware.routingUtilisationFloor must be within (0, 1]");
        }
    }

    /** The profile before the routing floor was configurable. */
    public HardwareProfile(String accelerator, Integer count, BigDecimal monthlyCostUsd, BigDecimal capexUsd, Integer depreciationMonths,
                           BigDecimal powerKw, BigDecimal energyUsdPerKwh, Double throughputTokensPerSecond) {
        this(accelerator, count, monthlyCostUsd, capexUsd, depreciationMonths, powerKw, energyUsdPerKwh, throughputTokensPerSecond, null);
    }

    /** Total cost of ownership per month: the monthly figure, else capex / depreciation months + energy. */
    public BigDecimal monthlyUsd() {
        if (monthlyCostUsd != null) return monthlyCostUsd;
        return monthlyUsd(depreciationMonths);
    }

    /** The monthly cost if the capex were written off over {@code months} instead (the sensitivity table's lever). */
    public BigDecimal monthlyUsd(int months) {
        if (capexUsd == null) return monthlyCostUsd;
        BigDecimal m = capexUsd.divide(BigDecimal.valueOf(months), 6, RoundingMode.HALF_UP);
        if (powerKw != null) m = m.add(powerKw.multiply(energyUsdPerKwh).multiply(BigDecimal.valueOf(HOURS_PER_MONTH)));
        return m;
    }

    /** Tokens a month at full load. */
    public double capacityTokensPerMonth() { return throughputTokensPerSecond * SECONDS_PER_MONTH; }

    /**
     * USD per 1M tokens when the hardware runs at {@code utilisation} of its throughput: monthly TCO divided by
     * the tokens it serves in that month. Null at 0 (no tokens: the price is undefined, not infinite).
     */
    public BigDecimal pricePerMillionAt(double utilisation) {
        return pricePerMillion(monthlyUsd(), utilisation);
    }

    /** The same with the capex written off over {@code months} (the depreciation-life sensitivity). */
    public BigDecimal pricePerMillionAt(int months, double utilisation) {
        return pricePerMillion(monthlyUsd(months), utilisation);
    }

    private BigDecimal pricePerMillion(BigDecimal monthly, double utilisation) {
        if (!(utilisation > 0)) return null;
        double tokensPerMonth = capacityTokensPerMonth() * Math.min(1.0, utilisation);
        return monthly.multiply(BigDecimal.valueOf(1_000_000)).divide(BigDecimal.valueOf(tokensPerMonth), 6, RoundingMode.HALF_UP);
    }

    /** The price routing uses: at the measured utilisation, but never above the price at the routing floor. */
    public BigDecimal routingPricePerMillion(double measuredUtilisation) {
        return pricePerMillionAt(Math.max(measuredUtilisation, routingUtilisationFloor));
    }
}
