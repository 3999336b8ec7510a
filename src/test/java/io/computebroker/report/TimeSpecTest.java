package io.computebroker.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeSpecTest {
    static final Instant NOW = Instant.parse("2026-11-20T12:34:56Z");

    @Test
    void readsSpansDatesAndInstants() {
        assertThat(TimeSpec.parse("30d", NOW)).isEqualTo(Instant.parse("2026-10-21T12:34:56Z"));
        assertThat(TimeSpec.parse("24h", NOW)).isEqualTo(Instant.parse("2026-11-19T12:34:56Z"));
        assertThat(TimeSpec.parse("90m", NOW)).isEqualTo(Instant.parse("2026-11-20T11:04:56Z"));
        assertThat(TimeSpec.parse("2026-11-01", NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TimeSpec.parse(" 2026-11-01T08:00:00Z ", NOW)).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    }

    @Test
    void rejectsAnythingElseWithTheAcceptedForms() {
        for (String bad : new String[]{"", "30", "30w", "-3d", "2026-13-01", "yesterday"}) {
            assertThatThrownBy(() -> TimeSpec.parse(bad, NOW)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("30d, 24h, 90m");
        }
    }

    @Test
    void groupByNamesAreTheWireNames() {
        assertThat(GroupBy.parse("Day")).isEqualTo(GroupBy.DAY);
        assertThat(GroupBy.parse("lane")).isEqualTo(GroupBy.LANE);
        assertThatThrownBy(() -> GroupBy.parse("region")).hasMessageContaining("tenant, key, feature, model, provider, task, lane, day");
    }
}
