package io.computebroker.classify.sensitivity;

/** Word boundaries for the name and address heuristics: letters of any script, with inner ' and - ("O'Brien", "Jean-Luc"). */
final class Words {
    private Words() {}

    private static final boolean[] ASCII_LETTER = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) ASCII_LETTER[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) ASCII_LETTER[c] = true;
    }

    /** {@link Character#isLetter} with a table for ASCII, which is most of any prompt; the JDK call is several times slower. */
    static boolean isLetter(char c) {
        return c < 128 ? ASCII_LETTER[c] : Character.isLetter(c);
    }

    /** End of the word starting at {@code i} (which must be a letter). */
    static int end(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isLetter(c)) {
                i++;
            } else if ((c == '\'' || c == '-' || c == '\u2019') && i + 1 < n && isLetter(s.charAt(i + 1))) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** Start of the next word at or after {@code i}, or -1. */
    static int nextStart(String s, int i) {
        int n = s.length();
        while (i < n && !isLetter(s.charAt(i))) i++;
        return i < n ? i : -1;
    }

    /** Index after the inline gap (spaces and tabs, at most {@code max}) starting at {@code i}, or -1 if none. */
    static int skipSpaces(String s, int i, int max) {
        int j = i;
        while (j < s.length() && j - i < max && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
        return j > i ? j : -1;
    }

    static boolean capitalised(String s, int a) {
        return Character.isUpperCase(s.charAt(a));
    }

    /** True when the word at {@code a} opens a sentence or line: only quotes and spaces since '.', '!', '?', a newline or the start. */
    static boolean sentenceStart(String s, int a) {
        int i = a - 1;
        while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '"' || s.charAt(i) == '(')) i--;
        if (i < 0) return true;
        char c = s.charAt(i);
        return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == '>' || c == '*' || c == '#';
    }
}
