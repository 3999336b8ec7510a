package io.computebroker.economics;

import io.computebroker.config.HardwareProfile;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed cases from seed 001's own examples and the owned-capacity arithmetic. */
class BreakEvenTest {

    @Test
    void seedAnchorsSmallStackAgainstFlagshipAndUltraCheapRoutes() {
        // GPT-5.5 list price 5.00 / 30.00 at the seed's 70/30 mix is the snapshot's 12.500 blended.
        BigDecimal gpt55 = BreakEven.blend7030(new BigDecimal("5.00"), new BigDecimal("30.00"));
        assertThat(gpt55).isEqualByComparingTo("12.50");
        // "A production small-model stack at USD 3.8k/month breaks even against … GPT-5.5 near 300M tokens/month":
        // 3,800 / (12.50 / 1e6) = 304,000,000.
        assertThat(BreakEven.tokensPerMonth(new BigDecimal("3800"), gpt55)).isEqualByComparingTo("304000000");
        // "Against an ultra-cheap marketplace route such as gpt-oss-120b, the same stack needs more than 50B tokens/month":
        // 0.03 x 0.7 + 0.15 x 0.3 = 0.066 per 1M; 3,800 / 0.066e-6 = 57,575,757,576.
        BigDecimal oss = BreakEven.blend7030(new BigDecimal("0.03"), new BigDecimal("0.15"));
        assertThat(oss).isEqualByComparingTo("0.066");
        BigDecimal ossBreakEven = BreakEven.tokensPerMonth(new BigDecimal("3800"), oss);
        assertThat(ossBreakEven).isEqualByComparingTo("57575757576");
        assertThat(ossBreakEven).isGreaterThan(new BigDecimal("50000000000"));
        // The flagship tier is dearer per token, so its break-even lands earlier: Fable 5 (10 / 50 -> 22.00 blended) ~173M.
        BigDecimal fable = BreakEven.blend7030(new BigDecimal("10"), new BigDecimal("50"));
        assertThat(fable).isEqualByComparingTo("22.00");
        assertThat(BreakEven.tokensPerMonth(new BigDecimal("3800"), fable)).isEqualByComparingTo("172727273");
        assertThat(BreakEven.tokensPerMonth(new BigDecimal("3800"), BigDecimal.ZERO)).isNull();
    }

    @Test
    void referenceGpuReproducesTheSeedsDepreciationSwing() {
        Bands.Reference ref = Bands.defaults().reference();
        // ~USD 16,500 per GPU-year over ~167B tokens at 65 %: "roughly USD 0.09-0.11 per million tokens at the 6-year base case".
        assertThat(ref.usdPerMillion(6, 0.65)).isCloseTo(16_500 / 167_000.0, within(1e-9));
        assertThat(ref.usdPerMillion(6, 0.65)).isBetween(0.09, 0.11);
        // "Re-annualizing … across a 3-to-9-year life swings production cost from ~USD 0.16/M to ~USD 0.07/M".
        assertThat(ref.usdPerMillion(3, 0.65)).isCloseTo(0.16, within(0.001));
        assertThat(ref.usdPerMillion(9, 0.65)).isCloseTo(0.0784, within(0.0005));
        // Half as busy, twice the price per token.
        assertThat(ref.usdPerMillion(6, 0.325)).isCloseTo(2 * ref.usdPerMillion(6, 0.65), within(1e-12));
    }

    @Test
    void effectiveOwnedPriceAtSeveralUtilisations() {
        // 2 x L40S at $3,800/month sustaining 2,500 tokens/s: 2,500 x 2,592,000 s = 6.48B tokens a month at full load.
        HardwareProfile hw = new HardwareProfile("L40S", 2, new BigDecimal("3800"), null, null, null, null, 2500.0);
        assertThat(hw.capacityTokensPerMonth()).isEqualTo(6.48e9);
        assertThat(hw.pricePerMillionAt(1.0)).isEqualByComparingTo("0.586420");   // 3,800 / 6,480
        assertThat(hw.pricePerMillionAt(0.5)).isEqualByComparingTo("1.172840");
        assertThat(hw.pricePerMillionAt(0.25)).isEqualByComparingTo("2.345679");
        assertThat(hw.pricePerMillionAt(0.10)).isEqualByComparingTo("5.864198");
        assertThat(hw.pricePerMillionAt(0.0)).isNull(); // no tokens: undefined, not infinite
        // Routing quotes an idle box at the floor (default 0.5), a busy one at its measured price.
        assertThat(hw.routingPricePerMillion(0.0)).isEqualByComparingTo("1.172840");
        assertThat(hw.routingPricePerMillion(0.10)).isEqualByComparingTo("1.172840");
        assertThat(hw.routingPricePerMillion(0.80)).isEqualByComparingTo("0.733025");
        HardwareProfile lowFloor = new HardwareProfile("L40S", 2, new BigDecimal("3800"), null, null, null, null, 2500.0, 0.2);
        assertThat(lowFloor.routingPricePerMillion(0.0)).isEqualByComparingTo("2.932099");

        // Bought: $60,000 over 36 months plus 1.2 kW at $0.25/kWh (216 a 30-day month) = 1,882.666667 a month.
        HardwareProfile bought = new HardwareProfile("H100", 1, null, new BigDecimal("60000"), 36, new BigDecimal("1.2"),
                new BigDecimal("0.25"), 1000.0);
        assertThat(bought.monthlyUsd()).isEqualByComparingTo("1882.666667");
        assertThat(bought.pricePerMillionAt(0.5)).isEqualByComparingTo("1.452675"); // 1,882.666667 / 1,296M tokens
        assertThat(bought.pricePerMillionAt(72, 0.5)).isEqualByComparingTo("0.809671"); // written off over 6 years: (833.333333 + 216) / 1,296
    }
}
