package io.computebroker.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelGuardTest {
    @Test
    void admitsUpToTheCapThenReportsOtherAndNeverFlaps() {
        LabelGuard g = new LabelGuard(2);
        assertThat(g.of("inbox")).isEqualTo("inbox");
        assertThat(g.of("search")).isEqualTo("search");
        assertThat(g.of("third")).isEqualTo(LabelGuard.OTHER);
        assertThat(g.of("inbox")).as("admitted values stay").isEqualTo("inbox");
        assertThat(g.of(null)).isEqualTo(LabelGuard.NONE);
        assertThat(g.of("  ")).isEqualTo(LabelGuard.NONE);
    }

    @Test
    void trimsLongValues() {
        assertThat(new LabelGuard(5).of("x".repeat(500))).hasSize(LabelGuard.MAX_LENGTH);
    }

    @Test
    void escalatedCascadeOutcomesLoseTheirPattern() {
        assertThat(Metrics.outcome("escalated:regex:^\\d+$")).isEqualTo("escalated");
        assertThat(Metrics.outcome("spilled:saturated")).isEqualTo("spilled:saturated");
    }
}
