package io.computebroker.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The period a budget's limit applies to. Day and month are UTC calendar periods (not rolling), so
 * every node computes the same window for the same instant and counters can be shared by name.
 */
public enum TimeWindow {
    DAY, MONTH, TOTAL;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** The window that contains {@code now}. */
    public WindowSpan span(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (this) {
            case DAY -> new WindowSpan("d" + day, utc(day), utc(day.plusDays(1)));
            case MONTH -> {
                LocalDate first = day.withDayOfMonth(1);
                yield new WindowSpan("m" + first.toString().substring(0, 7), utc(first), utc(first.plusMonths(1)));
            }
            case TOTAL -> new WindowSpan("total", Instant.EPOCH, null);
        };
    }

    private static Instant utc(LocalDate d) { return d.atStartOfDay(ZoneOffset.UTC).toInstant(); }

    public static TimeWindow parse(String text) {
        for (TimeWindow w : values()) if (w.wire().equalsIgnoreCase(text == null ? "" : text.strip())) return w;
        throw new IllegalArgumentException("unknown budget window '" + text + "' (day, month or total)");
    }
}
