package io.computebroker.budget;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeWindowTest {
    static Instant at(String iso) { return Instant.parse(iso); }

    @Test
    void dayWindowsAreUtcCalendarDaysWithTheLastMillisecondInside() {
        WindowSpan late = TimeWindow.DAY.span(at("2025-03-31T23:59:59.999Z"));
        assertThat(late).isEqualTo(new WindowSpan("d2025-03-31", at("2025-03-31T00:00:00Z"), at("2025-04-01T00:00:00Z")));
        assertThat(TimeWindow.DAY.span(at("2025-04-01T00:00:00Z")).key()).isEqualTo("d2025-04-01");
        // 23:30 in New York on the 31st is already the 1st in UTC.
        assertThat(TimeWindow.DAY.span(java.time.ZonedDateTime.parse("2025-03-31T23:30-04:00[America/New_York]").toInstant()).key())
                .isEqualTo("d2025-04-01");
    }

    @Test
    void monthWindowsHandleLeapFebruaryAndTheYearEnd() {
        assertThat(TimeWindow.MONTH.span(at("2024-02-29T12:00:00Z")))
                .isEqualTo(new WindowSpan("m2024-02", at("2024-02-01T00:00:00Z"), at("2024-03-01T00:00:00Z")));
        assertThat(TimeWindow.MONTH.span(at("2025-12-31T23:59:59Z")))
                .isEqualTo(new WindowSpan("m2025-12", at("2025-12-01T00:00:00Z"), at("2026-01-01T00:00:00Z")));
        assertThat(TimeWindow.MONTH.span(at("2026-01-01T00:00:00Z")).key()).isEqualTo("m2026-01");
    }

    @Test
    void theTotalWindowStartsAtTheEpochAndNeverEnds() {
        WindowSpan total = TimeWindow.TOTAL.span(at("2031-07-04T10:00:00Z"));
        assertThat(total).isEqualTo(new WindowSpan("total", Instant.EPOCH, null));
        assertThat(total.endless()).isTrue();
        assertThat(TimeWindow.DAY.span(Instant.EPOCH).endless()).isFalse();
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownOnesAreRefused() {
        assertThat(TimeWindow.parse("Month")).isEqualTo(TimeWindow.MONTH);
        assertThat(Scope.parse("RUN")).isEqualTo(Scope.RUN);
        assertThat(BudgetAction.parse("downgrade")).isEqualTo(BudgetAction.DOWNGRADE);
        assertThatThrownBy(() -> TimeWindow.parse("week")).hasMessageContaining("day, month or total");
    }

    @Test
    void usdAmountsConvertToNanoUsdExactly() {
        assertThat(Usd.parse("1")).isEqualTo(1_000_000_000L);
        assertThat(Usd.parse("$0.000000001")).isEqualTo(1);
        assertThat(Usd.parse("12.345")).isEqualTo(12_345_000_000L);
        assertThatThrownBy(() -> Usd.parse("0.0000000001")).hasMessageContaining("nano-USD");
        assertThatThrownBy(() -> Usd.parse("-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Usd.parse("ten")).hasMessageContaining("not a USD amount");
        assertThat(Usd.format(12_500_000_000L)).isEqualTo("$12.50");
        assertThat(Usd.format(123_000)).isEqualTo("$0.000123");
        assertThat(Usd.format(0)).isEqualTo("$0.00");
    }

    @Test
    void budgetsRefuseInconsistentDefinitions() {
        assertThatThrownBy(() -> new Budget("b", null, Scope.FEATURE, "search", TimeWindow.DAY, 10, null, BudgetAction.REJECT, null))
                .hasMessageContaining("need a tenant");
        assertThatThrownBy(() -> new Budget("b", "acme", Scope.TENANT, "acme", TimeWindow.DAY, 10, 11L, BudgetAction.REJECT, null))
                .hasMessageContaining("soft limit");
        assertThatThrownBy(() -> new BudgetSpec("acme", Scope.TENANT, "other", TimeWindow.DAY, 10, null, null))
                .hasMessageContaining("tenant budget");
        assertThat(new BudgetSpec("acme", Scope.TENANT, null, TimeWindow.DAY, 10, null, null).scopeValue()).isEqualTo("acme");
    }
}
