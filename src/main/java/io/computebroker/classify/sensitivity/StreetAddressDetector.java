package io.computebroker.classify.sensitivity;

import java.util.List;
import java.util.Set;

/**
 * Street addresses by heuristics anchored on house numbers, so text without digits costs nothing:
 * <ul>
 *   <li>number, capitalised name words, street type: "14 Crown Street", "2450 Crown St.";</li>
 *   <li>one-word street names of the Germanic and Nordic languages next to a number: "Rooseveltlaan 110",
 *       "Brucker Bundesstrasse 31";</li>
 *   <li>a leading street type: "Via Roma 131", "29 Rue de Tanger";</li>
 *   <li>US "City, ST 12345" lines with a real state code;</li>
 *   <li>unit designators, post boxes and military mail lines ({@link AddressBlocks}).</li>
 * </ul>
 * A match is extended over following unit designators ("Apt. 864", "Suite 503") and a postcode (US ZIP,
 * UK postcode, NL "1234 AB", or a 4–5 digit code) within the next few short lines.
 */
final class StreetAddressDetector implements Detector {
    private static final Set<String> US_STATES = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
            "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
            "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR");

    @Override
    public void detect(ScanText t, List<Finding> out) {
        int covered = 0;
        for (int r = 0; r < t.runCount(); r++) {
            if (t.runStart(r) < covered || t.runLength(r) > 6) continue;
            int start = t.runStart(r);
            int end = StreetPatterns.numberFirst(t, r);
            if (end < 0) {
                start = StreetPatterns.numberAfter(t, r);
                end = start < 0 ? -1 : t.runEnd(r);
            }
            if (end < 0) {
                start = cityStateZip(t, r);
                end = start < 0 ? -1 : zipEnd(t, r);
            }
            if (end < 0) continue;
            end = AddressBlocks.postcodeAfter(t, StreetPatterns.withUnits(t, end));
            out.add(new Finding(EntityType.STREET_ADDRESS, start, end));
            covered = end;
        }
        AddressBlocks.units(t, out);
        AddressBlocks.boxes(t, out);
    }

    /** Start of "City, ST " before a five-digit run with a real state code, or -1. */
    private static int cityStateZip(ScanText t, int r) {
        int s = t.runStart(r);
        if (t.runLength(r) != 5 || t.isWordChar(t.runEnd(r)) || t.at(s - 1) != ' ') return -1;
        String state = s >= 3 ? t.text.substring(s - 3, s - 1) : "";
        if (!US_STATES.contains(state) || t.isWordChar(s - 4) || t.at(s - 4) != ' ') return -1;
        int i = t.at(s - 5) == ',' ? s - 5 : s - 4;
        int wordEnd = i;
        while (i > 0 && Character.isLetter(t.at(i - 1))) i--;
        return i < wordEnd && Character.isUpperCase(t.at(i)) ? i : -1;
    }

    private static int zipEnd(ScanText t, int r) {
        int e = t.runEnd(r);
        if (r + 1 < t.runCount() && t.at(e) == '-' && t.runStart(r + 1) == e + 1 && t.runLength(r + 1) == 4) return t.runEnd(r + 1);
        return e;
    }
}
