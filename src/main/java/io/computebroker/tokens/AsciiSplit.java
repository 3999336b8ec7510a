package io.computebroker.tokens;

/**
 * o200k_base's pre-tokeniser ({@link PieceCounter#O200K_SPLIT}) for text that is all ASCII, as a scan
 * instead of the regular expression. The expression, compiled with Unicode classes, was half of a
 * token count's cost (JFR, perf: ~4 µs of a 150-character prompt, ~60 ns per character); most prompts
 * and nearly all code and JSON are ASCII. Any other text goes to the expression.
 *
 * <p>In ASCII the expression's classes reduce to: letters {@code A-Z} (upper) and {@code a-z} (lower),
 * no marks or other letters, digits {@code 0-9}, whitespace {@code \t \n \x0B \f \r} and space (the
 * Unicode White_Space property), and everything else. Its seven alternatives are tried in order at each
 * position, and the scan below follows the same order; {@code AsciiSplitTest} holds it to the expression's
 * pieces on random text.
 */
final class AsciiSplit {
    private AsciiSplit() {}

    /** Whether every character is ASCII, so {@link #end} applies. */
    static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    /** The end (exclusive) of the piece that starts at {@code pos} ({@code pos < s.length()}, ASCII text). */
    static int end(String s, int pos) {
        int n = s.length();
        char c = s.charAt(pos);
        // 1 and 2: an optional lead (not \r, \n, a letter or a digit), then upper* lower+ or upper+ lower*,
        // then an optional contraction. The lead is taken only when a letter follows it.
        int p = pos;
        if (!letter(c) && !digit(c) && c != '\r' && c != '\n' && p + 1 < n && letter(s.charAt(p + 1))) p++;
        if (letter(s.charAt(p))) {
            while (p < n && upper(s.charAt(p))) p++;
            while (p < n && lower(s.charAt(p))) p++;
            return contraction(s, p);
        }
        // 3: one to three digits.
        if (digit(c)) {
            int e = pos + 1;
            while (e < n && e < pos + 3 && digit(s.charAt(e))) e++;
            return e;
        }
        // 4: an optional space, a run of symbols, then any run of \r, \n and '/'.
        int q = c == ' ' && pos + 1 < n && other(s.charAt(pos + 1)) ? pos + 1 : pos;
        if (other(s.charAt(q))) {
            while (q < n && other(s.charAt(q))) q++;
            while (q < n && (s.charAt(q) == '\r' || s.charAt(q) == '\n' || s.charAt(q) == '/')) q++;
            return q;
        }
        // c is whitespace. 5: whitespace up to and including the run's last line break.
        int e = pos;
        int lastBreak = -1;
        while (e < n && space(s.charAt(e))) {
            if (s.charAt(e) == '\r' || s.charAt(e) == '\n') lastBreak = e;
            e++;
        }
        if (lastBreak >= 0) return lastBreak + 1;
        // 6: the run, less its last character when text follows it (that one leads the next word); 7: the run.
        if (e == n || e - pos == 1) return e;
        return e - 1;
    }

    /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)?} at {@code p}. */
    private static int contraction(String s, int p) {
        int n = s.length();
        if (p + 1 >= n || s.charAt(p) != '\'') return p;
        char a = (char) (s.charAt(p + 1) | 0x20);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return p + 2;
        if (p + 2 < n) {
            char b = (char) (s.charAt(p + 2) | 0x20);
            if ((a == 'r' || a == 'v') && b == 'e' || a == 'l' && b == 'l') return p + 3;
        }
        return p;
    }

    private static boolean upper(char c) { return c >= 'A' && c <= 'Z'; }

    private static boolean lower(char c) { return c >= 'a' && c <= 'z'; }

    private static boolean letter(char c) { return upper(c) || lower(c); }

    private static boolean digit(char c) { return c >= '0' && c <= '9'; }

    private static boolean space(char c) { return c == ' ' || c >= '\t' && c <= '\r'; }

    private static boolean other(char c) { return !letter(c) && !digit(c) && !space(c); }
}
