package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * E-mail addresses, found from each '@' outwards and then validated: a local part of up to 64
 * characters without leading, trailing or doubled dots; a domain of at least two labels (1–63
 * characters, letters, digits and inner hyphens) ending in an alphabetic TLD. Retina asset names
 * ("icon@2x.png") and package pins ("lib@1.2.3") fail these rules and are not reported.
 */
final class EmailDetector implements Detector {
    @Override
    public void detect(ScanText t, List<Finding> out) {
        String s = t.text;
        int from = 0;
        for (int at = s.indexOf('@'); at >= 0; at = s.indexOf('@', from)) {
            from = at + 1;
            int a = at;
            while (a > 0 && isLocalChar(s.charAt(a - 1))) a--;
            while (a < at && s.charAt(a) == '.') a++;
            if (a == at || at - a > 64 || s.charAt(at - 1) == '.' || s.lastIndexOf("..", at) >= a) continue;
            int b = at + 1;
            while (b < t.length && isDomainChar(s.charAt(b))) b++;
            while (b > at + 1 && (s.charAt(b - 1) == '.' || s.charAt(b - 1) == '-')) b--;
            if (validDomain(s, at + 1, b)) {
                out.add(new Finding(EntityType.EMAIL, a, b));
                from = b;
            }
        }
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean validDomain(String s, int a, int b) {
        if (b - a < 4 || b - a > 253) return false;
        int labels = 0;
        int i = a;
        int lastLabel = a;
        while (i <= b) {
            int e = s.indexOf('.', i);
            if (e < 0 || e > b) e = b;
            int len = e - i;
            if (len == 0 || len > 63 || s.charAt(i) == '-' || s.charAt(e - 1) == '-') return false;
            if (labels == 0 && retinaSuffix(s, i, e)) return false;
            lastLabel = i;
            labels++;
            i = e + 1;
        }
        if (labels < 2 || b - lastLabel < 2) return false;
        for (int k = lastLabel; k < b; k++) if (!Character.isLetter(s.charAt(k))) return false;
        return true;
    }

    /** "2x", "3x": the density suffix of image assets, never a mail domain. */
    private static boolean retinaSuffix(String s, int a, int b) {
        return b - a == 2 && ScanText.isDigit(s.charAt(a)) && s.charAt(a + 1) == 'x';
    }
}
