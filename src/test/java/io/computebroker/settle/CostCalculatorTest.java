package io.computebroker.settle;

import io.computebroker.config.Price;
import io.computebroker.core.Usage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class CostCalculatorTest {
    static final Price GPT55 = new Price(new BigDecimal("5.00"), new BigDecimal("0.50"), new BigDecimal("30.00"),
            new Price.LongContext(272_000L, new BigDecimal("10.00"), new BigDecimal("1.00"), new BigDecimal("45.00")));

    @Test
    void cachedTokensBillAtTheCachedPriceAndMoneyIsExact() {
        Cost c = CostCalculator.cost(new Usage(1_000, 400, 0, 200, 0), GPT55, false);
        assertThat(c.inputUsd()).isEqualByComparingTo("0.003");      // 600 × $5/M
        assertThat(c.cachedInputUsd()).isEqualByComparingTo("0.0002"); // 400 × $0.50/M
        assertThat(c.outputUsd()).isEqualByComparingTo("0.006");     // 200 × $30/M
        assertThat(c.totalUsdText()).isEqualTo("0.009200");
    }

    @Test
    void longPromptsBillAtTheLongContextTier() {
        Cost c = CostCalculator.cost(Usage.of(300_000, 1_000), GPT55, false);
        assertThat(c.inputUsd()).isEqualByComparingTo("3.0");   // 300k × $10/M
        assertThat(c.outputUsd()).isEqualByComparingTo("0.045"); // 1k × $45/M
        assertThat(CostCalculator.cost(Usage.of(272_000, 0), GPT55, false).inputUsd()).isEqualByComparingTo("1.36");
    }

    @Test
    void noCachedPriceMeansCachedTokensBillAsInput() {
        Price p = new Price(new BigDecimal("0.15"), null, new BigDecimal("0.60"));
        assertThat(CostCalculator.cost(new Usage(1_000_000, 1_000_000, 0, 0, 0), p, true).totalUsd()).isEqualByComparingTo("0.15");
    }
}
