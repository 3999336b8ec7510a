package io.computebroker.classify.sensitivity;

import java.util.Set;

/** The word-level street patterns of {@link StreetAddressDetector}, each anchored on one digit run. */
final class StreetPatterns {
    private StreetPatterns() {}

    private static final int MAX_NAME_WORDS = 4;
    /** Words that end a street-name candidate: an address does not run through these. */
    private static final Set<String> BREAKERS = Set.of(
            "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "from", "by", "with", "down", "up",
            "along", "across", "over", "into", "onto", "per", "than", "is", "are", "was", "were", "my", "your", "our",
            "their", "his", "her", "its", "this", "that", "these", "those", "more", "less", "new", "old", "all");

    /** "14 Crown Street", "29 Rue de Tanger", "50066 Rooseveltlaan 110": end of the street, or -1. */
    static int numberFirst(ScanText t, int r) {
        String s = t.text;
        if (t.isWordChar(t.runStart(r) - 1) || t.runLength(r) > 6) return -1;
        int i = t.runEnd(r);
        if (Character.isLetter(t.at(i)) && !t.isWordChar(i + 1)) i++; // "12B"
        i = Words.skipSpaces(s, i, 2);
        if (i < 0 || !Character.isLetter(t.at(i))) return -1;
        int b = Words.end(s, i);
        String first = s.substring(i, b);
        if (StreetVocabulary.prefix(first)) {
            // "12 rue de la Paix"; the name itself must be capitalised unless the whole text is lower case ("3 via email")
            int end = nameWordsAfter(t, b, t.lowerCaseOnly());
            return end < 0 ? -1 : numberAfterName(t, end);
        }
        boolean lowerCase = Character.isLowerCase(first.charAt(0));
        if (lowerCase && !t.lowerCaseOnly()) return -1; // "60 mixed prompts": prose, not a street
        if (StreetVocabulary.compound(first)) return numberAfterName(t, b);
        int a = i;
        for (int k = 0; k <= MAX_NAME_WORDS; k++) {
            String w = s.substring(a, b);
            if (k > 0 && StreetVocabulary.suffix(w, Character.isUpperCase(w.charAt(0)))) return t.at(b) == '.' ? b + 1 : b;
            if (!nameWord(w, lowerCase)) return -1;
            int next = Words.skipSpaces(s, t.at(b) == '.' ? b + 1 : b, 2);
            if (next < 0 || !Character.isLetter(t.at(next))) return -1;
            a = next;
            b = Words.end(s, a);
        }
        return -1;
    }

    /** "Via Roma 131", "Keizersgracht 12": start of the street before the number at run {@code r}, or -1. */
    static int numberAfter(ScanText t, int r) {
        String s = t.text;
        int n = t.runStart(r);
        int e = t.runEnd(r);
        if (t.runLength(r) > 5 || t.at(n - 1) != ' ' || !Character.isLetter(t.at(n - 2))) return -1;
        if (t.isWordChar(e) && !(Character.isLetter(t.at(e)) && !t.isWordChar(e + 1))) return -1;
        int wordEnd = n - 1;
        int a = wordStart(s, wordEnd);
        if (StreetVocabulary.compound(s.substring(a, wordEnd))) return a;
        for (int k = 0; k < MAX_NAME_WORDS; k++) {
            String w = s.substring(a, wordEnd);
            boolean capitalised = Character.isUpperCase(w.charAt(0));
            if (k > 0 && capitalised && StreetVocabulary.prefix(w)) return a;
            if (!capitalised && !StreetVocabulary.particle(w)) return -1;
            if (t.at(a - 1) != ' ' || !Character.isLetter(t.at(a - 2))) return -1;
            wordEnd = a - 1;
            a = wordStart(s, wordEnd);
        }
        return -1;
    }

    /** Extends over "Apt. 864", ", Suite 503", "\n Apt. 236" (at most two units). */
    static int withUnits(ScanText t, int end) {
        String s = t.text;
        for (int units = 0; units < 2; units++) {
            int i = end;
            while (i < t.length && i - end < 4 && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\n')) i++;
            if (i >= t.length || !Character.isLetter(s.charAt(i))) return end;
            int b = Words.end(s, i);
            if (!StreetVocabulary.unit(s.substring(i, b))) return end;
            if (t.at(b) == '.') b++;
            int d = Words.skipSpaces(s, b, 2);
            if (d < 0 || !ScanText.isDigit(t.at(d))) return end;
            while (ScanText.isDigit(t.at(d))) d++;
            if (t.isWordChar(d)) return end;
            end = d;
        }
        return end;
    }

    private static int nameWordsAfter(ScanText t, int b, boolean lowerCase) {
        String s = t.text;
        int end = -1;
        for (int k = 0; k < MAX_NAME_WORDS; k++) {
            int a = Words.skipSpaces(s, b, 2);
            if (a < 0 || !Character.isLetter(t.at(a))) break;
            int wb = Words.end(s, a);
            String w = s.substring(a, wb);
            if (!StreetVocabulary.particle(w) && !nameWord(w, lowerCase)) break;
            b = wb;
            if (!StreetVocabulary.particle(w)) end = wb;
        }
        return end;
    }

    /** Includes a house number written after the street name ("3247 Rua Igreja 25"). */
    private static int numberAfterName(ScanText t, int end) {
        int d = Words.skipSpaces(t.text, end, 2);
        if (d < 0 || !ScanText.isDigit(t.at(d))) return end;
        int e = d;
        while (ScanText.isDigit(t.at(e))) e++;
        return e - d <= 5 && !t.isWordChar(e) ? e : end;
    }

    private static boolean nameWord(String w, boolean lowerCaseText) {
        if (BREAKERS.contains(w.toLowerCase(java.util.Locale.ROOT))) return false;
        return Character.isUpperCase(w.charAt(0)) || (lowerCaseText && w.length() >= 3);
    }

    private static int wordStart(String s, int end) {
        int a = end;
        while (a > 0 && (Character.isLetter(s.charAt(a - 1)) || s.charAt(a - 1) == '\'' || s.charAt(a - 1) == '-')) a--;
        return a;
    }
}
