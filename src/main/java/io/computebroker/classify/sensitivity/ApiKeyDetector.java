package io.computebroker.classify.sensitivity;

import java.util.ArrayList;
import java.util.List;

/**
 * Vendor API keys recognised by their documented prefixes (OpenAI sk-/sk-proj-, Anthropic sk-ant-,
 * GitHub ghp_/gho_/github_pat_, Slack xox?-, AWS AKIA/ASIA, Google AIza, GitLab glpat-, Stripe
 * sk_live_/pk_live_/rk_live_, Hugging Face hf_, SendGrid SG., npm, PyPI, Groq, Replicate, DigitalOcean,
 * Shopify). The body after the prefix must have the vendor's length and alphabet and look random
 * (digits and letters, or mixed case), so "sk-learn" or "sk-your-key-here" placeholders are not keys.
 * Found from {@code indexOf} of the prefixes' separators, so clean prose costs a few vectorised searches.
 */
final class ApiKeyDetector implements Detector {
    private enum Alphabet { ALNUM, UPPER_ALNUM, URLSAFE, URLSAFE_DOT }

    private record Rule(String prefix, Alphabet alphabet, int minBody, int maxBody) {
        /** Offset of the first '-' or '_' in the prefix. */
        int separatorAt() {
            int dash = prefix.indexOf('-');
            int underscore = prefix.indexOf('_');
            return dash < 0 ? underscore : underscore < 0 ? dash : Math.min(dash, underscore);
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("sk-ant-", Alphabet.URLSAFE, 32, 200),
            new Rule("sk-proj-", Alphabet.URLSAFE, 20, 200),
            new Rule("sk-", Alphabet.URLSAFE, 20, 200),
            new Rule("ghp_", Alphabet.ALNUM, 30, 40), new Rule("gho_", Alphabet.ALNUM, 30, 40),
            new Rule("ghu_", Alphabet.ALNUM, 30, 40), new Rule("ghs_", Alphabet.ALNUM, 30, 40),
            new Rule("ghr_", Alphabet.ALNUM, 30, 40), new Rule("github_pat_", Alphabet.URLSAFE, 40, 120),
            new Rule("glpat-", Alphabet.URLSAFE, 20, 60),
            new Rule("xoxb-", Alphabet.URLSAFE, 20, 200), new Rule("xoxp-", Alphabet.URLSAFE, 20, 200),
            new Rule("xoxa-", Alphabet.URLSAFE, 20, 200), new Rule("xoxr-", Alphabet.URLSAFE, 20, 200),
            new Rule("xoxs-", Alphabet.URLSAFE, 20, 200), new Rule("xapp-", Alphabet.URLSAFE, 20, 200),
            new Rule("AKIA", Alphabet.UPPER_ALNUM, 16, 16), new Rule("ASIA", Alphabet.UPPER_ALNUM, 16, 16),
            new Rule("AIza", Alphabet.URLSAFE, 35, 35),
            new Rule("sk_live_", Alphabet.ALNUM, 20, 120), new Rule("pk_live_", Alphabet.ALNUM, 20, 120),
            new Rule("rk_live_", Alphabet.ALNUM, 20, 120), new Rule("sk_test_", Alphabet.ALNUM, 20, 120),
            new Rule("rk_test_", Alphabet.ALNUM, 20, 120),
            new Rule("hf_", Alphabet.ALNUM, 30, 40),
            new Rule("SG.", Alphabet.URLSAFE_DOT, 60, 80),
            new Rule("npm_", Alphabet.ALNUM, 36, 36),
            new Rule("pypi-", Alphabet.URLSAFE, 50, 300),
            new Rule("gsk_", Alphabet.ALNUM, 40, 60),
            new Rule("r8_", Alphabet.ALNUM, 30, 40),
            new Rule("dop_v1_", Alphabet.ALNUM, 64, 64),
            new Rule("shpat_", Alphabet.ALNUM, 32, 32), new Rule("shpss_", Alphabet.ALNUM, 32, 32));

    /**
     * Rules by the first separator in their prefix ('-' for sk-, '_' for ghp_, …), with the separator's
     * offset. Key search starts from {@code indexOf} of the separator, which the JDK vectorises; the
     * three prefixes without a separator (AKIA, ASIA, AIza) and SendGrid's "SG." are searched whole.
     */
    private static final List<Rule> BY_DASH = new ArrayList<>();
    private static final List<Rule> BY_UNDERSCORE = new ArrayList<>();
    private static final List<Rule> WHOLE = new ArrayList<>();
    /** Characters that stand before the first separator of some prefix ('k' in "sk-"): a gate before any rule is tried. */
    private static final boolean[] BEFORE_DASH = new boolean[128];
    private static final boolean[] BEFORE_UNDERSCORE = new boolean[128];

    static {
        List<Rule> sorted = new ArrayList<>(RULES);
        sorted.sort((x, y) -> y.prefix.length() - x.prefix.length()); // sk-ant- before sk-
        for (Rule r : sorted) {
            int dash = r.prefix.indexOf('-');
            int underscore = r.prefix.indexOf('_');
            if (dash < 0 && underscore < 0) {
                WHOLE.add(r);
            } else if (underscore < 0 || (dash >= 0 && dash < underscore)) {
                BY_DASH.add(r);
                BEFORE_DASH[r.prefix.charAt(dash - 1)] = true;
            } else {
                BY_UNDERSCORE.add(r);
                BEFORE_UNDERSCORE[r.prefix.charAt(underscore - 1)] = true;
            }
        }
    }

    @Override
    public void detect(ScanText t, List<Finding> out) {
        List<Finding> found = new ArrayList<>();
        bySeparator(t, '-', BY_DASH, BEFORE_DASH, found);
        bySeparator(t, '_', BY_UNDERSCORE, BEFORE_UNDERSCORE, found);
        for (Rule r : WHOLE) {
            for (int at = t.text.indexOf(r.prefix); at >= 0; at = t.text.indexOf(r.prefix, at + 1)) tryRule(t, at, r, found);
        }
        out.addAll(found);
    }

    private static void bySeparator(ScanText t, char sep, List<Rule> rules, boolean[] before, List<Finding> found) {
        String s = t.text;
        int from = 1;
        for (int p = s.indexOf(sep, 1); p >= 0; p = s.indexOf(sep, from)) {
            from = p + 1;
            char c = s.charAt(p - 1);
            if (c >= 128 || !before[c]) continue;
            for (Rule r : rules) {
                int start = p - r.separatorAt();
                if (start >= 0 && s.startsWith(r.prefix, start)) {
                    int end = tryRule(t, start, r, found);
                    if (end > 0) {
                        from = end;
                        break;
                    }
                }
            }
        }
    }

    /** Adds the key at {@code start} if the rule's body follows; returns its end or -1. */
    private static int tryRule(ScanText t, int start, Rule r, List<Finding> found) {
        if (start > 0 && isTokenChar(t.text.charAt(start - 1))) return -1;
        int end = bodyEnd(t, start + r.prefix.length(), r);
        if (end > 0) found.add(new Finding(EntityType.API_KEY, start, end));
        return end;
    }

    private static int bodyEnd(ScanText t, int from, Rule r) {
        int i = from;
        while (i < t.length && inAlphabet(t.text.charAt(i), r.alphabet)) i++;
        int len = i - from;
        if (len < r.minBody || len > r.maxBody || isTokenChar(t.at(i))) return -1;
        return looksRandom(t.text, from, i) ? i : -1;
    }

    static boolean isTokenChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '_' || c == '-';
    }

    private static boolean inAlphabet(char c, Alphabet a) {
        if (c >= 128) return false;
        return switch (a) {
            case ALNUM -> Character.isLetterOrDigit(c);
            case UPPER_ALNUM -> (c >= 'A' && c <= 'Z') || ScanText.isDigit(c);
            case URLSAFE -> Character.isLetterOrDigit(c) || c == '_' || c == '-';
            case URLSAFE_DOT -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
        };
    }

    /** Generated keys mix digits with letters or upper with lower case; words and "XXXX" placeholders do not. */
    static boolean looksRandom(String s, int a, int b) {
        boolean digit = false, lower = false, upper = false;
        for (int i = a; i < b; i++) {
            char c = s.charAt(i);
            digit |= ScanText.isDigit(c);
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        return (digit && (lower || upper)) || (lower && upper);
    }
}
