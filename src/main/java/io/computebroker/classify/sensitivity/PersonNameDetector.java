package io.computebroker.classify.sensitivity;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Person names by three heuristics, none of which needs a model:
 * <ol>
 *   <li>a listed first name followed by a capitalised surname, optionally with a middle initial
 *       ("Ruth R Montez"); first names that are also words (May, Will, Mark) only mid-sentence;</li>
 *   <li>a title followed by capitalised words ("Dr. Jane Doe", "ms. Marcela");</li>
 *   <li>a cue phrase followed by the name: "my name is", "name:", "Dear/Hi/Hello X,", and — for listed
 *       first names only — "I'm X", "called X", "named X". After "my name is" and "name:", lower-case
 *       text is accepted when its first word is a listed first name.</li>
 * </ol>
 * Capitalised words that are grammar or calendar (The, Monday, April …) never count as names. Only
 * capitalised words and a handful of cue words are ever looked up, so prose costs one pass.
 */
final class PersonNameDetector implements Detector {
    private static final Set<String> TITLES = Set.of(
            "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "dame", "lady", "lord", "rev", "mister");
    private static final Set<String> NOT_NAMES = Set.of(
            "the", "this", "that", "these", "those", "there", "here", "what", "when", "where", "why", "how", "who",
            "which", "and", "but", "or", "if", "then", "so", "for", "from", "with", "without", "in", "on", "at", "to",
            "of", "by", "as", "is", "are", "was", "were", "be", "been", "it", "its", "we", "you", "he", "she", "they",
            "my", "your", "his", "her", "our", "their", "please", "thanks", "thank", "hello", "hi", "hey", "dear", "yes",
            "no", "not", "all", "any", "some", "each", "every", "will", "can", "may", "should", "would", "could", "must",
            "do", "does", "did", "has", "have", "had", "let", "just", "also", "only", "very", "new", "old", "first",
            "last", "next", "today", "tomorrow", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september",
            "october", "november", "december", "street", "avenue", "road", "lane", "drive", "inc", "ltd", "llc",
            "corp", "company", "bank", "university", "college", "school", "hospital", "church", "county", "city",
            "state", "center", "centre", "group", "team", "project", "server", "service", "api", "code", "account",
            "card", "number", "address", "email", "phone", "user", "bot", "admin", "office", "desk", "fax", "mobile",
            "me", "us", "him", "them", "i'm",
            // particles that open place names ("Van Nuys", "El Paso", "Den Haag", "Port Said")
            "van", "von", "el", "di", "de", "da", "le", "la", "del", "den", "der", "san", "santa", "port", "fort", "mount");
    /** Words that make "Firstname Word" an organisation or a place rather than a person. */
    private static final Set<String> ORG_AND_PLACE_WORDS = Set.of(
            "corporation", "corp", "company", "group", "holdings", "investments", "research", "services", "systems",
            "solutions", "partners", "associates", "capital", "foundation", "institute", "orchestra", "band", "lines",
            "airlines", "motors", "media", "press", "labs", "studio", "studios", "agency", "ratings", "movers",
            "park", "parks", "village", "creek", "lake", "river", "hill", "hills", "valley", "bay", "beach", "island",
            "lodge", "pass", "union", "point", "points", "cliffs", "flat", "flats", "loop", "bypass", "extension",
            "extensions", "forge", "forges", "springs", "station", "airport", "bridge", "tower", "center", "centre");

    private final FirstNames names;

    PersonNameDetector(FirstNames names) {
        this.names = names;
    }

    @Override
    public void detect(ScanText t, List<Finding> out) {
        String s = t.text;
        char[] cs = t.chars;
        int n = cs.length;
        int i = 0;
        while (i < n) {
            char c = cs[i];
            if (!Words.isLetter(c)) { // every iteration that does not skip starts at a word start: i jumps to word ends
                i++;
                continue;
            }
            boolean upper = Character.isUpperCase(c);
            if (!upper && (c >= 128 || !Cue.INITIALS[c])) { // most words: skip without looking at them
                while (i < n && Words.isLetter(cs[i])) i++;
                continue;
            }
            int e = Words.end(s, i);
            int[] span = upper ? capitalised(s, i, e) : e - i <= Cue.MAX_LENGTH ? cue(s, i, e) : null;
            if (span != null) {
                out.add(new Finding(EntityType.PERSON, span[0], span[1]));
                e = Math.max(e, span[1]);
            }
            i = e;
        }
    }

    /** Rules 1 and 2 (and capitalised cue words such as "Dear", "My name is") for a capitalised word. */
    private int[] capitalised(String s, int a, int b) {
        // rule 1 needs a capitalised word next, so the name lookup waits for that cheap check
        boolean capitalNext = b + 1 < s.length() && s.charAt(b) == ' ' && Character.isUpperCase(s.charAt(b + 1));
        int kind = capitalNext ? names.lookup(s, a, b) : FirstNames.ABSENT;
        if (kind != FirstNames.ABSENT && !NOT_NAMES.contains(s.substring(a, b).toLowerCase(Locale.ROOT))
                && !(kind == FirstNames.AMBIGUOUS && Words.sentenceStart(s, a))) {
            int[] rest = surname(s, b);
            if (rest != null && !houseNumberAfter(s, rest[1])) return new int[] {a, rest[1]};
        }
        return b - a <= Cue.MAX_LENGTH ? cue(s, a, b) : null;
    }

    /** Rule 3: cue phrases, and titles written in lower case ("ms. Marcela"). Allocation-free until a cue matches. */
    private int[] cue(String s, int a, int b) {
        Cue cue = Cue.at(s, a, b);
        if (cue == null) return null;
        switch (cue) {
            case TITLE -> {
                // "Cheriton Dr Reuquén": after a capitalised street name, Dr is Drive
                if (b - a == 2 && (s.charAt(a + 1) == 'r' || s.charAt(a + 1) == 'R') && afterCapitalisedWord(s, a)) return null;
                return nameAfter(s, afterDot(s, b), false);
            }
            case MY -> {
                int p = afterPhrase(s, b, " name is ");
                return p < 0 ? null : nameAfter(s, p, true);
            }
            case NAME -> {
                // "Name: X", "name is X", and the answer to "What's your name? X"
                int p = s.startsWith(":", b) || s.startsWith("?", b) ? b + 1 : afterPhrase(s, b, " is ");
                return p < 0 ? null : nameAfter(s, p, true);
            }
            case GREETING -> {
                int[] n = nameAfter(s, b, false);
                return n != null && (s.startsWith(",", n[1]) || listedFirst(s, n)) ? n : null;
            }
            default -> {
                // "I'm X", "called X": a listed first name, or a capitalised full name ("I'm Quarto Angelo")
                int[] n = nameAfter(s, b, true);
                return n != null && (listedFirst(s, n) || (Character.isUpperCase(s.charAt(n[0])) && words(s, n) >= 2)) ? n : null;
            }
        }
    }

    /** The cue words, matched case-insensitively in place. */
    private enum Cue {
        TITLE("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "mister", "dame", "lady", "lord", "rev"),
        MY("my"),
        NAME("name"),
        GREETING("dear", "hi", "hello", "hey"),
        INTRODUCTION("i'm", "i\u2019m", "called", "named");

        private static final Cue[] ALL = values();
        static final int MAX_LENGTH = 9;
        /** Lower-case first letters of the cue words: other words are not looked at. */
        static final boolean[] INITIALS = new boolean[128];

        /** Cue words grouped by length, so a word is compared only with cues it could equal. */
        private static final String[][] BY_LENGTH_WORDS = new String[MAX_LENGTH + 1][];
        private static final Cue[][] BY_LENGTH_CUES = new Cue[MAX_LENGTH + 1][];

        static {
            for (int len = 0; len <= MAX_LENGTH; len++) {
                java.util.List<String> ws = new java.util.ArrayList<>();
                java.util.List<Cue> cs = new java.util.ArrayList<>();
                for (Cue c : ALL) {
                    for (String w : c.words) {
                        INITIALS[w.charAt(0)] = true;
                        if (w.length() == len) {
                            ws.add(w);
                            cs.add(c);
                        }
                    }
                }
                BY_LENGTH_WORDS[len] = ws.toArray(new String[0]);
                BY_LENGTH_CUES[len] = cs.toArray(new Cue[0]);
            }
        }

        private final String[] words;

        Cue(String... words) {
            this.words = words;
        }

        static Cue at(String s, int a, int b) {
            int len = b - a;
            if (len > MAX_LENGTH) return null;
            char first = Character.toLowerCase(s.charAt(a));
            String[] words = BY_LENGTH_WORDS[len];
            for (int k = 0; k < words.length; k++) {
                // first letter before the full case-insensitive compare: most words fail here
                if (words[k].charAt(0) == first && s.regionMatches(true, a, words[k], 0, len)) return BY_LENGTH_CUES[len][k];
            }
            return null;
        }
    }

    /** Capitalised name words (up to three, with initials) from {@code i}; lower case too when the first is a listed first name and {@code lowerOk}. */
    private int[] nameAfter(String s, int i, boolean lowerOk) {
        int a = Words.skipSpaces(s, i, 3);
        if (a < 0 || a >= s.length() || !Character.isLetter(s.charAt(a))) return null;
        int b = Words.end(s, a);
        String first = s.substring(a, b).toLowerCase(Locale.ROOT);
        boolean lower = Character.isLowerCase(s.charAt(a));
        boolean listedLower = lowerOk && names.lookup(s, a, b) == FirstNames.NAME;
        if (b - a < 2 || NOT_NAMES.contains(first) || TITLES.contains(first) || (lower && !listedLower)) return null;
        int end = b;
        for (int k = 0; k < 2; k++) {
            int[] next = lower ? lowerWord(s, end) : surname(s, end);
            if (next == null) break;
            end = next[1];
        }
        return new int[] {a, end};
    }

    /** An optional middle initial and a capitalised surname after {@code i}: returns {start, end} of the surname. */
    private int[] surname(String s, int i) {
        int a = Words.skipSpaces(s, i, 2);
        if (a < 0 || a >= s.length() || !Character.isUpperCase(s.charAt(a))) return null;
        int b = Words.end(s, a);
        if (b - a == 1) { // a middle initial, "R" or "R."
            int c = Words.skipSpaces(s, afterDot(s, b), 2);
            if (c < 0 || c >= s.length() || !Character.isUpperCase(s.charAt(c))) return null;
            a = c;
            b = Words.end(s, a);
        }
        String w = s.substring(a, b);
        String lower = w.toLowerCase(Locale.ROOT);
        boolean allCaps = w.equals(w.toUpperCase(Locale.ROOT));
        if (b - a < 2 || allCaps || NOT_NAMES.contains(lower) || TITLES.contains(lower) || ORG_AND_PLACE_WORDS.contains(lower)
                || StreetVocabulary.suffix(w, true)) return null;
        return new int[] {a, b};
    }

    private int[] lowerWord(String s, int i) {
        int a = Words.skipSpaces(s, i, 2);
        if (a < 0 || a >= s.length() || !Character.isLowerCase(s.charAt(a))) return null;
        int b = Words.end(s, a);
        return b - a < 2 || NOT_NAMES.contains(s.substring(a, b)) ? null : new int[] {a, b};
    }

    /** "Victor Hugo 49", "Peter Zuidhove 188": in European addresses a person's name followed by a number is a street. */
    private static boolean houseNumberAfter(String s, int end) {
        if (end + 1 >= s.length() || s.charAt(end) != ' ' || !ScanText.isDigit(s.charAt(end + 1))) return false;
        int i = end + 1;
        while (i < s.length() && ScanText.isDigit(s.charAt(i))) i++;
        return i - end - 1 <= 4 && (i == s.length() || !Character.isLetterOrDigit(s.charAt(i)));
    }

    private boolean listedFirst(String s, int[] span) {
        return names.lookup(s, span[0], Words.end(s, span[0])) != FirstNames.ABSENT;
    }

    private static boolean afterCapitalisedWord(String s, int a) {
        int i = a - 1;
        if (i < 1 || s.charAt(i) != ' ' || !Words.isLetter(s.charAt(i - 1))) return false;
        while (i > 0 && Words.isLetter(s.charAt(i - 1))) i--;
        return Character.isUpperCase(s.charAt(i)) && !Words.sentenceStart(s, i);
    }

    private static int words(String s, int[] span) {
        int n = 0;
        for (int i = span[0]; i >= 0 && i < span[1]; i = Words.nextStart(s, Words.end(s, i))) n++;
        return n;
    }

    private static int afterDot(String s, int b) {
        return b < s.length() && s.charAt(b) == '.' ? b + 1 : b;
    }

    private static int afterPhrase(String s, int b, String phrase) {
        return s.regionMatches(true, b, phrase, 0, phrase.length()) ? b + phrase.length() - 1 : -1;
    }
}
