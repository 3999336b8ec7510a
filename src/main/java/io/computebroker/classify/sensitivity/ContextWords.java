package io.computebroker.classify.sensitivity;

import java.util.Locale;
import java.util.Set;

/**
 * A set of cue words looked for near a candidate ("phone:", "SSN", "card"). Only called for candidates
 * that already passed a structural check, so it may allocate.
 */
final class ContextWords {
    private final Set<String> words;

    ContextWords(String... words) {
        this.words = Set.of(words);
    }

    /** True when a whole word of the set occurs in {@code [from, to)} (clamped to the text), case-insensitively. */
    boolean occursIn(String text, int from, int to) {
        int i = Math.max(0, from);
        int end = Math.min(text.length(), to);
        while (i < end) {
            if (!Character.isLetter(text.charAt(i))) {
                i++;
                continue;
            }
            int s = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) i++;
            // a word cut by the window's left edge is not the word itself
            boolean cutLeft = s == from && s > 0 && Character.isLetter(text.charAt(s - 1));
            if (!cutLeft && words.contains(text.substring(s, i).toLowerCase(Locale.ROOT))) return true;
        }
        return false;
    }

    /** Cue within {@code before} chars before the span or {@code after} chars after it. */
    boolean near(String text, int start, int end, int before, int after) {
        return occursIn(text, start - before, start) || (after > 0 && occursIn(text, end, end + after));
    }
}
