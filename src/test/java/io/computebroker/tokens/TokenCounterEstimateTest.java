package io.computebroker.tokens;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterEstimateTest {
    @Test
    void shortTextsAreCountedExactlyLongOnesWithinFivePercent() {
        TokenCounter c = TokenCounter.shared();
        String shortText = "Classify this support ticket as billing, technical or account.";
        assertThat(c.estimate(shortText)).isEqualTo(c.count(shortText));
        StringBuilder sb = new StringBuilder();
        String[] s = {"The quarterly review covers revenue, churn and the migration of the billing service. ",
                "Our team shipped 14 features, closed 212 tickets and cut median response time by 18%. ",
                "def merge(a, b):\n    return sorted(a + b)\n", "Customers in Zürich, Łódź and São Paulo asked for invoices. "};
        for (int i = 0; sb.length() < 40_000; i++) sb.append(s[(i * 7) % s.length]);
        String longText = sb.toString();
        int exact = c.count(longText), est = c.estimate(longText);
        assertThat((double) Math.abs(est - exact) / exact).isLessThan(0.05);
        assertThat(c.estimate(null)).isZero();
    }

    @Test
    void aResentTextGetsTheSameEstimateAsTheFirstTime() {
        TokenCounter c = TokenCounter.shared();
        String history = "The customer wrote again about the invoice for March and the refund they expect. ".repeat(40);
        int first = c.estimate(history);
        assertThat(c.estimate(new String(history.toCharArray()))).isEqualTo(first); // equal text, another instance
        String longer = history + "One more line.";
        assertThat(c.estimate(longer)).isNotEqualTo(first).isEqualTo(c.estimate(longer));
        String mid = "word ".repeat(100); // between the memo threshold and the sample size: exact
        assertThat(c.estimate(mid)).isEqualTo(c.count(mid));
    }
}
