package io.computebroker.decide;

import io.computebroker.capacity.Capacity;
import io.computebroker.config.ProviderConfig;
import io.computebroker.provider.Providers;

import java.math.BigDecimal;

/**
 * The price per 1M tokens routing uses for a provider's owned hardware, or null when the provider has no
 * hardware profile (its models' price cards apply). The economics package supplies one measured from the
 * ledger; {@link #inFlight} is the fallback when nothing measures: the in-flight share of capacity.
 */
@FunctionalInterface
public interface OwnedPricing {
    BigDecimal perMillion(String providerId);

    static OwnedPricing inFlight(Providers providers, Capacity capacity) {
        return id -> {
            ProviderConfig pc = providers.config(id);
            return pc == null || pc.hardware() == null ? null : pc.hardware().routingPricePerMillion(capacity.utilisation(id));
        };
    }
}
