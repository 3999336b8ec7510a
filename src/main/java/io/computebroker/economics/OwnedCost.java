package io.computebroker.economics;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.HardwareProfile;
import io.computebroker.config.ProviderConfig;
import io.computebroker.decide.OwnedPricing;
import io.computebroker.store.Database;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owned providers' measured utilisation and the price routing quotes for them. Utilisation = tokens served
 * (input + output, from the ledger of every node, external trace records included) over what the hardware
 * sustains in the same time ({@code throughputTokensPerSecond} × window). Measured off the request path
 * ({@link #refresh}, every minute under {@code serve}); routing reads the last figure, a map lookup.
 */
public final class OwnedCost implements OwnedPricing {
    private final Map<String, HardwareProfile> hardware;
    private final Database db;
    private final Duration window;
    private volatile Map<String, Double> utilisation = Map.of();

    public OwnedCost(BrokerConfig config, Database db, Duration window) {
        this.hardware = hardware(config);
        this.db = db;
        this.window = window;
    }

    /** Owned providers with a hardware profile, in config order. */
    public static Map<String, HardwareProfile> hardware(BrokerConfig config) {
        Map<String, HardwareProfile> out = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers()) if (p.hardware() != null) out.put(p.id(), p.hardware());
        return out;
    }

    /** Re-measures utilisation over the window ending at {@code now}. */
    public void refresh(Instant now) {
        if (hardware.isEmpty()) return;
        Map<String, Long> tokens = tokensByProvider(db, now.minus(window), now);
        Map<String, Double> next = new HashMap<>();
        for (Map.Entry<String, HardwareProfile> e : hardware.entrySet()) {
            next.put(e.getKey(), utilisation(tokens.getOrDefault(e.getKey(), 0L), window, e.getValue()));
        }
        utilisation = Map.copyOf(next);
    }

    /** Tokens served over sustainable tokens in {@code span}, capped at 1. */
    public static double utilisation(long tokens, Duration span, HardwareProfile hw) {
        double capacity = hw.throughputTokensPerSecond() * (span.toMillis() / 1000.0);
        return capacity <= 0 ? 0 : Math.min(1.0, tokens / capacity);
    }

    static Map<String, Long> tokensByProvider(Database db, Instant since, Instant until) {
        return db.with(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT provider, SUM(input_tokens + output_tokens) FROM ledger"
                    + " WHERE created_at >= ? AND created_at < ? AND provider IS NOT NULL GROUP BY provider")) {
                ps.setLong(1, since.toEpochMilli());
                ps.setLong(2, until.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /** The last measured utilisation of a provider (0 before the first measurement or without hardware). */
    public double utilisation(String providerId) { return utilisation.getOrDefault(providerId, 0.0); }

    @Override
    public BigDecimal perMillion(String providerId) {
        HardwareProfile hw = hardware.get(providerId);
        return hw == null ? null : hw.routingPricePerMillion(utilisation(providerId));
    }
}
