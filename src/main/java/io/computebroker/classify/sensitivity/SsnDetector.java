package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * US Social Security numbers: AAA-GG-SSSS with dashes or single spaces, passing the SSA's structural
 * rules (area not 000, 666 or 9xx; group not 00; serial not 0000; not one of the numbers the SSA
 * voided after they were printed in advertising). Nine bare digits are accepted only next to an SSN
 * cue word, because bare nine-digit numbers are mostly something else.
 */
final class SsnDetector implements Detector {
    private static final ContextWords CUES = new ContextWords("ssn", "ssns", "social", "security", "ss");

    @Override
    public void detect(ScanText t, List<Finding> out) {
        for (int r = 0; r < t.runCount(); r++) {
            int s = t.runStart(r);
            if (t.runLength(r) == 9 && t.standsAlone(s, t.runEnd(r))) {
                String d = t.text.substring(s, t.runEnd(r));
                if (valid(d) && CUES.near(t.text, s, t.runEnd(r), 40, 0)) out.add(new Finding(EntityType.US_SSN, s, t.runEnd(r)));
                continue;
            }
            if (r + 2 >= t.runCount() || t.runLength(r) != 3 || t.runLength(r + 1) != 2 || t.runLength(r + 2) != 4) continue;
            char sep = t.at(t.runEnd(r));
            if ((sep != '-' && sep != ' ') || t.runStart(r + 1) != t.runEnd(r) + 1
                    || t.runStart(r + 2) != t.runEnd(r + 1) + 1 || t.at(t.runEnd(r + 1)) != sep) continue;
            int e = t.runEnd(r + 2);
            // part of a longer number in the same format (a phone, a licence number) is not an SSN
            if (!t.standsAlone(s, e) || partOfLongerChain(t, s, e, sep)) continue;
            String d = t.text.substring(s, s + 3) + t.text.substring(s + 4, s + 6) + t.text.substring(s + 7, e);
            if (valid(d)) {
                out.add(new Finding(EntityType.US_SSN, s, e));
                r += 2;
            }
        }
    }

    private static boolean partOfLongerChain(ScanText t, int s, int e, char sep) {
        boolean before = (t.at(s - 1) == sep || t.at(s - 1) == '-') && ScanText.isDigit(t.at(s - 2));
        boolean after = (t.at(e) == sep || t.at(e) == '-') && ScanText.isDigit(t.at(e + 1));
        return before || after || t.at(s - 1) == '+' || t.at(s - 1) == '(';
    }

    static boolean valid(String nine) {
        int area = Integer.parseInt(nine, 0, 3, 10);
        int group = Integer.parseInt(nine, 3, 5, 10);
        int serial = Integer.parseInt(nine, 5, 9, 10);
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) return false;
        // voided by the SSA after appearing in advertising (the Woolworth wallet card and others)
        return !nine.equals("078051120") && !nine.equals("219099999") && !nine.equals("123456789");
    }
}
