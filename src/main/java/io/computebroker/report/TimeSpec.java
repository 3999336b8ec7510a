package io.computebroker.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the points in time that report and audit windows take: a span back from now ({@code 30d},
 * {@code 24h}, {@code 90m}), a UTC date ({@code 2026-11-01}, its midnight) or an ISO instant
 * ({@code 2026-11-01T08:00:00Z}). Days are UTC because the ledger's day grouping is.
 */
public final class TimeSpec {
    private static final Pattern SPAN = Pattern.compile("(\\d{1,6})([dhm])");

    private TimeSpec() {}

    public static Instant parse(String text, Instant now) {
        String s = text == null ? "" : text.strip();
        Matcher m = SPAN.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration span = switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
            return now.minus(span);
        }
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read '" + text + "' as a time: use a span back from now (30d, 24h, 90m),"
                    + " a UTC date (2026-11-01) or an instant (2026-11-01T08:00:00Z)");
        }
    }
}
