package io.computebroker.classify.sensitivity;

/**
 * Issuer identification number (IIN) ranges and lengths of the card schemes in circulation, from the
 * schemes' published ranges (ISO/IEC 7812 registrations). A number matching none of them is not a card.
 */
final class CardSchemes {
    private CardSchemes() {}

    static boolean known(String d) {
        int n = d.length();
        int p1 = d.charAt(0) - '0';
        int p2 = prefix(d, 2);
        int p3 = prefix(d, 3);
        int p4 = prefix(d, 4);
        return switch (p1) {
            // Visa: 13, 16 and 19 digits
            case 4 -> n == 13 || n == 16 || n == 19;
            // Mastercard 51–55; Maestro 50, 56–59 (12–19 digits)
            case 5 -> (p2 >= 51 && p2 <= 55 && n == 16) || ((p2 == 50 || p2 >= 56) && n >= 12);
            // Mastercard 2-series 2221–2720; Mir 2200–2204; historic JCB 15-digit 2131
            case 2 -> (p4 >= 2221 && p4 <= 2720 && n == 16)
                    || (p4 >= 2200 && p4 <= 2204 && n >= 16)
                    || (p4 == 2131 && n == 15);
            // Amex 34/37 (15); Diners 300–305, 3095, 36, 38, 39 (14–19); JCB, whose block is 35 (16–19)
            case 3 -> ((p2 == 34 || p2 == 37) && n == 15)
                    || (((p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) && n >= 14)
                    || (p2 == 35 && n >= 16);
            // Maestro's block is 50 and 56–69 at 12–19 digits, which covers Discover (6011, 644–649, 65),
            // UnionPay (62) and RuPay (60) at 16–19
            case 6 -> n >= 12;
            // historic JCB 15-digit 1800
            case 1 -> p4 == 1800 && n == 15;
            // UnionPay 81 (16–19); Troy 9792 (16)
            case 8 -> p2 == 81 && n >= 16;
            case 9 -> p4 == 9792 && n == 16;
            default -> false;
        };
    }

    private static int prefix(String d, int len) {
        return Integer.parseInt(d, 0, len, 10);
    }
}
