package io.computebroker.classify.sensitivity;

/** The check-digit algorithms that separate real identifiers from number-shaped noise. */
final class Checksums {
    private Checksums() {}

    /** Luhn (ISO/IEC 7812-1) over a string of ASCII digits. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616 IBAN check: move the first four characters to the end, letters to 10..35, mod 97 must be 1. */
    static boolean ibanMod97(String compactUpper) {
        int rem = 0;
        int n = compactUpper.length();
        for (int k = 0; k < n; k++) {
            char c = compactUpper.charAt((k + 4) % n);
            if (c >= '0' && c <= '9') {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }

    /** Dutch BSN "elfproef": 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not all zeros). */
    static boolean bsnElevenCheck(String nineDigits) {
        if (nineDigits.length() != 9) return false;
        int sum = 0;
        boolean allZero = true;
        for (int i = 0; i < 9; i++) {
            int d = nineDigits.charAt(i) - '0';
            if (d != 0) allZero = false;
            sum += i < 8 ? (9 - i) * d : -d;
        }
        return !allZero && sum % 11 == 0;
    }

    /** Shannon entropy in bits per character. */
    static double shannonEntropy(CharSequence s) {
        int n = s.length();
        if (n == 0) return 0;
        int[] counts = new int[128];
        for (int i = 0; i < n; i++) counts[Math.min(s.charAt(i), 127)]++;
        double h = 0;
        for (int c : counts) {
            if (c == 0) continue;
            double p = (double) c / n;
            h -= p * (Math.log(p) / Math.log(2));
        }
        return h;
    }
}
