package io.computebroker.config;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Price#cost}'s division-free path must give exactly (equals, scale included) what the division gives. */
class PriceCostPropertyTest {
    private static BigDecimal divided(long tokens, BigDecimal perMillion) {
        return perMillion.multiply(BigDecimal.valueOf(tokens)).divide(BigDecimal.valueOf(1_000_000), 12, RoundingMode.HALF_UP)
                .stripTrailingZeros();
    }

    @Property(tries = 2000)
    void sameAsTheDivision(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long tokens,
                           @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long unscaled,
                           @ForAll @IntRange(min = -3, max = 9) int scale) {
        BigDecimal perMillion = BigDecimal.valueOf(unscaled, scale);
        assertThat(Price.cost(tokens, perMillion)).isEqualTo(divided(tokens, perMillion));
    }

    @Property(tries = 1000)
    void sameAsTheDivisionForCardPrices(@ForAll @LongRange(min = 1, max = 2_000_000) long tokens,
                                        @ForAll @IntRange(min = 1, max = 150_000_000) int microsPerMillion) {
        BigDecimal perMillion = BigDecimal.valueOf(microsPerMillion, 6); // e.g. 2.500000 USD per 1M tokens
        assertThat(Price.cost(tokens, perMillion)).isEqualTo(divided(tokens, perMillion));
    }

    @Example
    void shortcutAppliesToCardPricesAndStepsAsideOtherwise() {
        assertThat(Price.exactCost(1_234, new BigDecimal("2.5"))).isEqualTo(new BigDecimal("0.003085"));
        assertThat(Price.exactCost(1, new BigDecimal("0.0000001"))).as("13 decimals: the division rounds").isNull();
        assertThat(Price.exactCost(Long.MAX_VALUE, new BigDecimal("3"))).as("overflow").isNull();
        assertThat(Price.cost(1, new BigDecimal("0.0000001"))).isEqualTo(divided(1, new BigDecimal("0.0000001")));
    }
}
