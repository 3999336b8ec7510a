package io.computebroker.classify.sensitivity;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address anchors that do not depend on knowing the street's language: unit designators with a number
 * ("Suite 282", "Apt. 864"), post boxes, US military mail lines ("PSC 3294, Box 9168", "USNS Saibara /
 * FPO AP 12428"), and the postcode that usually closes an address block a few lines later.
 */
final class AddressBlocks {
    private AddressBlocks() {}

    private static final int STREET_LINE_MAX = 60;
    private static final int POSTCODE_LOOKAHEAD = 80;
    private static final Pattern BOX = Pattern.compile(
            "(?:\\bP\\.? ?O\\.? ?Box|\\bPSC \\d{1,5},? Box|\\bUnit \\d{1,5},? Box) \\d{1,6}(?:,?\\s{1,3}[ADF]PO (?:AA|AE|AP) \\d{5})?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MILITARY = Pattern.compile(
            "(?:\\b(?:USNS|USNV|USS|USCGC|PSC|CMR|Unit) [\\p{L}\\d ,.'-]{1,40}\\s{1,3})?\\b[ADF]PO (?:AA|AE|AP) \\d{5}\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern POSTCODE = Pattern.compile(
            "\\b(?:\\d{5}(?:-\\d{4})?|\\d{4} ?[A-Z]{2}|[A-Z]{1,2}\\d[A-Z\\d]? \\d[A-Z]{2}|\\d{4})\\b");

    /** "Apt. 864", "Suite 282" (capitalised, or "apt." with its dot), with the street line before it. */
    static void units(ScanText t, List<Finding> out) {
        String s = t.text;
        for (int r = 0; r < t.runCount(); r++) {
            int n = t.runStart(r);
            if (t.runLength(r) > 5 || t.at(n - 1) != ' ' || t.isWordChar(t.runEnd(r))) continue;
            int wordEnd = t.at(n - 2) == '.' ? n - 2 : n - 1;
            int a = wordEnd;
            while (a > 0 && Character.isLetter(s.charAt(a - 1))) a--;
            int len = wordEnd - a;
            if (len != 3 && len != 5 && len != 9) continue;
            String w = s.substring(a, wordEnd);
            boolean dotted = wordEnd == n - 2;
            boolean unit = w.equals("Apt") || w.equals("Suite") || w.equals("Apartment") || (dotted && w.equals("apt"));
            if (!unit || t.isWordChar(a - 1)) continue;
            int end = postcodeAfter(t, StreetPatterns.withUnits(t, t.runEnd(r)));
            out.add(new Finding(EntityType.STREET_ADDRESS, streetLineBefore(t, a), end));
        }
    }

    /** Start of the street line just before a unit ("14 Crown Street, Apt. 2", "Edeby 55\n Apt. 297"), or {@code pos}. */
    private static int streetLineBefore(ScanText t, int pos) {
        String s = t.text;
        int i = pos;
        while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == ',')) i--;
        if (i > 0 && s.charAt(i - 1) == '\n') i--;
        int lineEnd = i;
        int limit = Math.max(0, lineEnd - STREET_LINE_MAX);
        while (i > limit && s.charAt(i - 1) != '\n' && s.charAt(i - 1) != ':' && s.charAt(i - 1) != '?' && s.charAt(i - 1) != '!'
                && !(s.charAt(i - 1) == ' ' && (t.at(i - 2) == '.' || t.at(i - 2) == ',') && !ScanText.isDigit(t.at(i - 3)))) i--;
        if (i == limit && limit > 0) return pos;
        int digit = i;
        while (digit < lineEnd && !ScanText.isDigit(s.charAt(digit))) digit++;
        if (digit == lineEnd) return pos;
        // the street starts at its first number, or at the capitalised name words right before it ("Edeby 55")
        int start = digit;
        for (int words = 0; words < 3 && start > i + 1 && s.charAt(start - 1) == ' ' && Words.isLetter(s.charAt(start - 2)); words++) {
            int a = start - 1;
            while (a > i && Words.isLetter(s.charAt(a - 1))) a--;
            if (!Character.isUpperCase(s.charAt(a))) break;
            start = a;
        }
        return start;
    }

    static void boxes(ScanText t, List<Finding> out) {
        String s = t.text;
        int from = 0;
        // every post-box form has "Box <number>": one search for "ox " covers Box, BOX and box
        for (int hit = s.indexOf("ox ", 1); hit >= 0; hit = s.indexOf("ox ", from)) {
            from = hit + 3;
            char b = s.charAt(hit - 1);
            if ((b != 'B' && b != 'b') || !ScanText.isDigit(t.at(hit + 3))) continue;
            Matcher m = BOX.matcher(s).region(Math.max(0, hit - 17), Math.min(t.length, hit + 40)).useTransparentBounds(true);
            if (m.find() && m.start() < hit && m.end() > hit) {
                out.add(new Finding(EntityType.STREET_ADDRESS, m.start(), m.end()));
                from = m.end();
            }
        }
        military(t, "PO A", out);
        if (t.lowerCaseOnly()) military(t, "po a", out);
    }

    private static void military(ScanText t, String anchor, List<Finding> out) {
        int from = 0;
        for (int hit = t.text.indexOf(anchor); hit >= 0; hit = t.text.indexOf(anchor, from)) {
            from = hit + anchor.length();
            Matcher m = MILITARY.matcher(t.text).region(Math.max(0, hit - 50), Math.min(t.length, hit + 12)).useTransparentBounds(true);
            while (m.find()) {
                if (m.end() <= hit) continue;
                out.add(new Finding(EntityType.STREET_ADDRESS, m.start(), m.end()));
                break;
            }
        }
    }

    /** Extends over the next lines up to a postcode, if one follows before any other number, question or label. */
    static int postcodeAfter(ScanText t, int end) {
        int limit = Math.min(t.length, end + POSTCODE_LOOKAHEAD);
        int newlines = 0;
        for (int i = end; i < limit; i++) {
            char c = t.text.charAt(i);
            if (ScanText.isDigit(c)) {
                Matcher m = POSTCODE.matcher(t.text).region(Math.max(0, i - 2), Math.min(t.length, i + 10)).useTransparentBounds(true);
                // a postcode is the last thing on its line or before a comma
                return m.find() && m.start() >= i - 2 && m.start() <= i && lineEndsAt(t, m.end()) ? m.end() : end;
            }
            if (c == '?' || c == '!' || c == ':' || c == '@' || c == ';' || (c == '\n' && ++newlines > 3)) return end;
            if (c == '.' && (t.at(i + 1) == ' ' || t.at(i + 1) == '\n') && Character.isUpperCase(t.at(i + 2))) return end;
        }
        return end;
    }

    private static boolean lineEndsAt(ScanText t, int e) {
        char c = t.at(e);
        return c == 0 || c == '\n' || c == ',' || c == '.' || c == '?' || c == '\r' || (c == ' ' && (t.at(e + 1) == '\n' || t.at(e + 1) == 0));
    }
}
