package io.computebroker.classify.sensitivity;

import java.util.Arrays;

/**
 * One text under scan, plus the maximal runs of ASCII digits found in a single pass. Every numeric
 * detector (cards, national ids, IBAN, IP, phone, house numbers) starts from these runs instead of
 * running its own regex over the whole text, which is what keeps a 16 KB prompt cheap. One instance
 * per scan; not shared between threads.
 */
final class ScanText {
    final String text;
    /**
     * The text as an array, for the whole-text loops: {@code String.charAt} in a loop measured 2–5×
     * slower than array access here, most of all on Latin-1 strings (i.e. plain ASCII prompts).
     */
    final char[] chars;
    final int length;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int runs;
    private int lowerCaseOnly = -1;

    ScanText(String text) {
        this.text = text;
        this.chars = text.toCharArray();
        this.length = chars.length;
        indexDigitRuns();
    }

    private void indexDigitRuns() {
        char[] cs = chars;
        int i = 0;
        while (i < cs.length) {
            char c = cs[i];
            if (c < '0' || c > '9') {
                i++;
                continue;
            }
            int s = i;
            do i++; while (i < cs.length && isDigit(cs[i]));
            if (runs == starts.length) {
                starts = Arrays.copyOf(starts, runs * 2);
                ends = Arrays.copyOf(ends, runs * 2);
            }
            starts[runs] = s;
            ends[runs] = i;
            runs++;
        }
    }

    int runCount() { return runs; }

    /**
     * True when the text has no upper-case letter at all (some chat clients and data sets lower-case
     * everything); only then may the name and address heuristics accept lower-case names. Computed on
     * first use, and for normal text it stops at the first capital.
     */
    boolean lowerCaseOnly() {
        if (lowerCaseOnly < 0) {
            int i = 0;
            while (i < length && !Character.isUpperCase(chars[i])) i++;
            lowerCaseOnly = i == length ? 1 : 0;
        }
        return lowerCaseOnly == 1;
    }

    int runStart(int i) { return starts[i]; }

    int runEnd(int i) { return ends[i]; }

    int runLength(int i) { return ends[i] - starts[i]; }

    /** The character at {@code i}, or 0 outside the text, so boundary checks need no range tests. */
    char at(int i) {
        return i >= 0 && i < length ? text.charAt(i) : 0;
    }

    /** True when the position holds a letter or digit (any script): the span edge would cut a word. */
    boolean isWordChar(int i) {
        return i >= 0 && i < length && Character.isLetterOrDigit(text.charAt(i));
    }

    /** True when the span {@code [start, end)} is not glued to letters or digits on either side. */
    boolean standsAlone(int start, int end) {
        return !isWordChar(start - 1) && !isWordChar(end);
    }

    /** The ASCII digits of {@code [start, end)}, dropping separators. */
    String digits(int start, int end) {
        StringBuilder b = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (isDigit(c)) b.append(c);
        }
        return b.toString();
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
