package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * UK National Insurance numbers: two prefix letters, six digits (optionally "12 34 56"), a suffix
 * letter A–D, e.g. "AB123456C" or "AB 12 34 56 C". HMRC never issues prefixes starting with D, F, I, Q,
 * U or V, with a second letter D, F, I, O, Q, U or V, or the pairs BG, GB, KN, NK, NT, TN and ZZ.
 */
final class NinoDetector implements Detector {
    private static final String BAD_FIRST = "DFIQUV";
    private static final String BAD_SECOND = "DFIOQUV";
    private static final List<String> BAD_PAIRS = List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

    @Override
    public void detect(ScanText t, List<Finding> out) {
        for (int r = 0; r < t.runCount(); r++) {
            int p = t.runStart(r);
            int prefixStart = ScanText.isAsciiLetter(t.at(p - 1)) ? p - 2 : (t.at(p - 1) == ' ' ? p - 3 : -1);
            if (prefixStart < 0 || t.isWordChar(prefixStart - 1) || !validPrefix(t.at(prefixStart), t.at(prefixStart + 1))) continue;
            int digitsEnd = sixDigitsEnd(t, r);
            if (digitsEnd < 0) continue;
            int suffix = t.at(digitsEnd) == ' ' ? digitsEnd + 1 : digitsEnd;
            char sc = Character.toUpperCase(t.at(suffix));
            if (sc < 'A' || sc > 'D' || t.isWordChar(suffix + 1)) continue;
            if (!consistentCase(t, prefixStart, suffix, suffix - prefixStart == 9)) continue;
            out.add(new Finding(EntityType.UK_NINO, prefixStart, suffix + 1));
        }
    }

    /**
     * Upper case in any layout; lower case only written compactly ("ab123456c"), so that prose such as
     * "to 12 34 56 a" is not read as a number.
     */
    private static boolean consistentCase(ScanText t, int prefixStart, int suffix, boolean compact) {
        char a = t.at(prefixStart), b = t.at(prefixStart + 1), c = t.at(suffix);
        boolean upper = Character.isUpperCase(a) && Character.isUpperCase(b) && Character.isUpperCase(c);
        boolean lower = Character.isLowerCase(a) && Character.isLowerCase(b) && Character.isLowerCase(c);
        return upper || (lower && compact);
    }

    private static boolean validPrefix(char a, char b) {
        if (!ScanText.isAsciiLetter(a) || !ScanText.isAsciiLetter(b)) return false;
        char x = Character.toUpperCase(a);
        char y = Character.toUpperCase(b);
        return BAD_FIRST.indexOf(x) < 0 && BAD_SECOND.indexOf(y) < 0 && !BAD_PAIRS.contains("" + x + y);
    }

    /** End of "123456" or "12 34 56" starting at run {@code r}, or -1. */
    private static int sixDigitsEnd(ScanText t, int r) {
        if (t.runLength(r) == 6) return t.runEnd(r);
        if (t.runLength(r) != 2 || r + 2 >= t.runCount()) return -1;
        for (int k = r; k < r + 2; k++) {
            if (t.runLength(k + 1) != 2 || t.runStart(k + 1) != t.runEnd(k) + 1 || t.at(t.runEnd(k)) != ' ') return -1;
        }
        return t.runEnd(r + 2);
    }
}
