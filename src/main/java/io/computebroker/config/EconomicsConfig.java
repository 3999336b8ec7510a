package io.computebroker.config;

/**
 * Live prices and owned-capacity measurement for {@code serve}.
 *
 * @param pricesFrom            a marketplace model list (OpenRouter {@code /api/v1/models} shape): URL or file; null: no refresh
 * @param pricesRefreshMinutes  how often {@code serve} re-reads it (default 60)
 * @param utilisationWindowHours the trailing window owned utilisation is measured over for routing (default 24: one daily cycle)
 */
public record EconomicsConfig(String pricesFrom, Integer pricesRefreshMinutes, Integer utilisationWindowHours) {
    public EconomicsConfig {
        if (pricesRefreshMinutes == null) pricesRefreshMinutes = 60;
        if (utilisationWindowHours == null) utilisationWindowHours = 24;
        if (pricesRefreshMinutes < 1) throw new IllegalArgumentException("economics.pricesRefreshMinutes must be >= 1");
        if (utilisationWindowHours < 1) throw new IllegalArgumentException("economics.utilisationWindowHours must be >= 1");
        if (pricesFrom != null && pricesFrom.isBlank()) pricesFrom = null;
    }

    public static EconomicsConfig defaults() { return new EconomicsConfig(null, null, null); }

    public EconomicsConfig withPricesFrom(String from) { return new EconomicsConfig(from, pricesRefreshMinutes, utilisationWindowHours); }

    public EconomicsConfig withRefreshMinutes(int m) { return new EconomicsConfig(pricesFrom, m, utilisationWindowHours); }
}
