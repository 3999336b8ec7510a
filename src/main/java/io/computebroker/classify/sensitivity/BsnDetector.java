package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * Dutch citizen service numbers (BSN): nine digits, bare or grouped (123.456.782, 1234 56 782), passing
 * the eleven-check. One random nine-digit number in eleven passes that check, so a BSN cue word must be
 * near; without one, a nine-digit order or phone number would be classed RESTRICTED.
 */
final class BsnDetector implements Detector {
    private static final ContextWords CUES = new ContextWords(
            "bsn", "burgerservicenummer", "sofinummer", "sofi", "citizen", "persoonsnummer", "bsnummer");

    @Override
    public void detect(ScanText t, List<Finding> out) {
        for (int r = 0; r < t.runCount(); r++) {
            int last = nineDigitChain(t, r);
            if (last < 0) continue;
            int s = t.runStart(r);
            int e = t.runEnd(last);
            if (t.standsAlone(s, e) && Checksums.bsnElevenCheck(t.digits(s, e)) && CUES.near(t.text, s, e, 40, 0)) {
                out.add(new Finding(EntityType.NL_BSN, s, e));
                r = last;
            }
        }
    }

    /** Index of the last run of a nine-digit chain starting at {@code r} (one separator, groups of 2+), or -1. */
    private static int nineDigitChain(ScanText t, int r) {
        int digits = t.runLength(r);
        int j = r;
        char sep = 0;
        while (digits < 9 && j + 1 < t.runCount() && t.runStart(j + 1) == t.runEnd(j) + 1) {
            char c = t.at(t.runEnd(j));
            if ((c != '.' && c != ' ' && c != '-') || (sep != 0 && c != sep) || t.runLength(j + 1) < 2) return -1;
            sep = c;
            j++;
            digits += t.runLength(j);
        }
        if (digits != 9) return -1;
        boolean longer = sep != 0 && t.at(t.runEnd(j)) == sep && ScanText.isDigit(t.at(t.runEnd(j) + 1));
        return longer ? -1 : j;
    }
}
