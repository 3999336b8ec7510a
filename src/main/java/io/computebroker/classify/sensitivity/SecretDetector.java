package io.computebroker.classify.sensitivity;

import java.util.List;
import java.util.Locale;

/**
 * Unprefixed secrets: a generated-looking value right after an identifier that names a secret —
 * key, token, secret, password, passwd, pwd, passphrase, credential, bearer, auth — as in
 * "AWS_SECRET_ACCESS_KEY=…", {@code "api_token": "…"}, "my token is …", "Authorization: Bearer …".
 *
 * <p>Generated means: at least 16 characters, letters and digits mixed (the class changes at least
 * every fourth character, which camelCase and snake_case identifiers never do) and a Shannon entropy
 * of at least 3 bits per character. After a password word, 8–15 characters suffice when they mix
 * three character classes. Every such value contains a digit with overwhelming probability, so the
 * search starts from the text's digit runs and looks back for the cue: prose without numbers costs
 * nothing.
 */
final class SecretDetector implements Detector {
    private static final String[] CUES = {"key", "token", "secret", "passw", "pwd", "passphrase", "credential", "bearer", "auth"};
    /** Cues after which a short value may still be a secret: people choose passwords, machines generate keys. */
    private static final String[] PASSWORD_CUES = {"passw", "pwd", "passphrase"};
    /** Words that may stand between cue and value: "my token is …", "Authorization: Bearer …". */
    private static final String[] GAP_WORDS = {"is", "was", "Bearer", "bearer", "Basic"};
    private static final int MIN_LENGTH = 16;
    private static final int MIN_PASSWORD_LENGTH = 8;
    private static final int MAX_LENGTH = 512;
    private static final double MIN_ENTROPY_BITS = 3.0;
    private static final int MAX_GAP = 14;
    private static final int MAX_IDENTIFIER = 48;

    private enum Cue { NONE, SECRET, PASSWORD }

    @Override
    public void detect(ScanText t, List<Finding> out) {
        String s = t.text;
        int covered = 0;
        for (int r = 0; r < t.runCount(); r++) {
            if (t.runStart(r) < covered) continue;
            int a = t.runStart(r);
            while (a > 0 && isValueChar(s.charAt(a - 1))) a--;
            int e = t.runEnd(r);
            while (e < t.length && isValueChar(s.charAt(e))) e++;
            while (e < t.length && s.charAt(e) == '=') e++; // base64 padding; inside a value '=' is an assignment
            covered = e;
            while (e > a && (s.charAt(e - 1) == '.' || s.charAt(e - 1) == '-')) e--;
            if (e - a < MIN_PASSWORD_LENGTH || e - a > MAX_LENGTH) continue;
            Cue cue = cueBefore(t, a);
            if (cue != Cue.NONE && secretLike(s, a, e, cue == Cue.PASSWORD)) out.add(new Finding(EntityType.SECRET, a, e));
        }
    }

    /** The cue named by the identifier before the value at {@code a}, across an assignment gap. */
    private static Cue cueBefore(ScanText t, int a) {
        String s = t.text;
        int i = a;
        int limit = Math.max(0, a - MAX_GAP);
        scan:
        while (i > limit) {
            char c = s.charAt(i - 1);
            if (c == ' ' || c == ':' || c == '=' || c == '"' || c == '\'' || c == '`' || c == '\t' || c == '>') {
                i--;
                continue;
            }
            for (String w : GAP_WORDS) {
                if (i - w.length() > 0 && s.startsWith(w, i - w.length()) && !Words.isLetter(s.charAt(i - w.length() - 1))) {
                    i -= w.length();
                    continue scan;
                }
            }
            break;
        }
        if (i == a) return Cue.NONE; // no gap: the text before belongs to the value itself
        int idEnd = i;
        while (i > 0 && idEnd - i < MAX_IDENTIFIER && isIdentifierChar(s.charAt(i - 1))) i--;
        if (i == idEnd) return Cue.NONE;
        String id = s.substring(i, idEnd).toLowerCase(Locale.ROOT);
        for (String p : PASSWORD_CUES) if (id.contains(p)) return Cue.PASSWORD;
        for (String k : CUES) if (id.contains(k)) return Cue.SECRET;
        return Cue.NONE;
    }

    static boolean secretLike(String s, int a, int b, boolean password) {
        int n = b - a;
        int lower = 0, upper = 0, digit = 0, other = 0, switches = 0, prevClass = -1;
        for (int i = a; i < b; i++) {
            char c = s.charAt(i);
            int cls = c >= 'a' && c <= 'z' ? 0 : c >= 'A' && c <= 'Z' ? 1 : ScanText.isDigit(c) ? 2 : 3;
            switch (cls) {
                case 0 -> lower++;
                case 1 -> upper++;
                case 2 -> digit++;
                default -> other++;
            }
            if (cls != 3) {
                if (prevClass >= 0 && cls != prevClass) switches++;
                prevClass = cls;
            }
        }
        int classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0) + (other > 0 ? 1 : 0);
        if (digit == 0 || lower + upper == 0) return false;
        if (n < MIN_LENGTH) return password && classes >= 3;
        // identifiers such as my_production_database_v2 switch class a handful of times; generated tokens constantly
        boolean switchy = switches * 4 >= n - other;
        return switchy && Checksums.shannonEntropy(s.subSequence(a, b)) >= MIN_ENTROPY_BITS;
    }

    private static boolean isIdentifierChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '_' || c == '-' || c == '.';
    }

    private static boolean isValueChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '+' || c == '/' || c == '_' || c == '-' || c == '.' || c == '~';
    }
}
