package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * Payment card numbers: 12–19 digits, contiguous or grouped with single spaces or dashes, whose issuer
 * prefix and length match a known scheme and whose Luhn check passes. Luhn alone accepts one random
 * number in ten, so the scheme table is what keeps timestamps, order numbers and phone numbers out.
 * 12-digit numbers (short Maestro) also need a card word nearby, since a tenth of all 12-digit
 * numbers starting with 5 or 6 would otherwise pass.
 */
final class CardDetector implements Detector {
    private static final int MAX_GROUPS = 8;
    private static final ContextWords CARD_WORDS = new ContextWords(
            "card", "cc", "credit", "debit", "visa", "mastercard", "maestro", "amex", "pan", "payment", "kaart", "karte");

    @Override
    public void detect(ScanText t, List<Finding> out) {
        int i = 0;
        while (i < t.runCount()) {
            int chainEnd = chainEnd(t, i);
            int next = i + 1;
            search:
            for (int a = i; a <= chainEnd; a++) {
                // longest window first: a card written "4111 1111 1111 1111" must not be cut to its first 13 digits
                for (int b = Math.min(chainEnd, a + MAX_GROUPS - 1); b >= a; b--) {
                    if (accept(t, a, b)) {
                        out.add(new Finding(EntityType.CREDIT_CARD, t.runStart(a), t.runEnd(b)));
                        next = b + 1;
                        break search;
                    }
                }
            }
            i = Math.max(next, i + 1);
        }
    }

    /** Last run index of the chain starting at {@code i}: runs joined by one consistent space or dash. */
    private static int chainEnd(ScanText t, int i) {
        char sep = 0;
        int j = i;
        while (j + 1 < t.runCount() && t.runStart(j + 1) == t.runEnd(j) + 1) {
            char c = t.text.charAt(t.runEnd(j));
            if ((c != ' ' && c != '-') || (sep != 0 && c != sep)) break;
            sep = c;
            j++;
        }
        return j;
    }

    private static boolean accept(ScanText t, int a, int b) {
        int start = t.runStart(a);
        int end = t.runEnd(b);
        if (!t.standsAlone(start, end) || !grouping(t, a, b)) return false;
        String digits = t.digits(start, end);
        int n = digits.length();
        if (n < 12 || n > 19 || !CardSchemes.known(digits) || !Checksums.luhn(digits)) return false;
        return n > 12 || CARD_WORDS.near(t.text, start, end, 40, 0);
    }

    /** Card-like grouping: one block; groups of four with a shorter last group; or Amex/Diners 4-6-5 / 4-6-4. */
    private static boolean grouping(ScanText t, int a, int b) {
        int groups = b - a + 1;
        if (groups == 1) return true;
        if (groups == 3 && t.runLength(a) == 4 && t.runLength(a + 1) == 6
                && (t.runLength(b) == 5 || t.runLength(b) == 4)) return true;
        for (int k = a; k < b; k++) if (t.runLength(k) != 4) return false;
        return t.runLength(b) <= 4;
    }
}
