package io.computebroker.eval.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Python {@code repr} of a list of strings, e.g. {@code ['B\n', "it's"]}: RouterBench stores
 * each model's answer that way. Only what {@code repr} produces is understood: single- or double-quoted
 * literals, the escapes {@code \\ \' \" \n \r \t \xhh \\uhhhh \Uhhhhhhhh}, commas and spaces between items.
 * Anything else (a bare string, a truncated cell) is not a list, and the caller keeps the cell verbatim.
 */
final class PyList {
    private PyList() {}

    /** The items joined with a newline (RouterBench lists hold one answer), or the text itself when it is not a list. */
    static String unwrap(String text) {
        List<String> items = parse(text);
        return items == null ? text : String.join("\n", items);
    }

    /** The items, or null when {@code text} is not the repr of a list of strings. */
    static List<String> parse(String text) {
        String s = text.strip();
        if (s.length() < 2 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') return null;
        List<String> out = new ArrayList<>();
        int i = 1, end = s.length() - 1;
        while (true) {
            while (i < end && s.charAt(i) == ' ') i++;
            if (i == end) return out;   // [] or a trailing comma
            char q = s.charAt(i);
            if (q != '\'' && q != '"') return null;
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= end) return null;
                char c = s.charAt(i);
                if (c == q) { i++; break; }
                if (c != '\\') { sb.append(c); i++; continue; }
                if (i + 1 >= end) return null;
                char e = s.charAt(i + 1);
                i += 2;
                switch (e) {
                    case '\\', '\'', '"' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'x', 'u', 'U' -> {
                        int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (i + n > end) return null;
                        try {
                            sb.appendCodePoint(Integer.parseInt(s.substring(i, i + n), 16));
                        } catch (IllegalArgumentException bad) { // NumberFormatException, or a code point out of range
                            return null;
                        }
                        i += n;
                    }
                    default -> sb.append('\\').append(e);   // Python keeps unknown escapes as written
                }
            }
            out.add(sb.toString());
            while (i < end && s.charAt(i) == ' ') i++;
            if (i == end) return out;
            if (s.charAt(i) != ',') return null;
            i++;
        }
    }
}
