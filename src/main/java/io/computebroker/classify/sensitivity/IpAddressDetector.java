package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * IPv4 and IPv6 addresses in their textual forms, validated by parsing (octets 0–255 without leading
 * zeros; RFC 4291 groups with at most one "::"). Things that merely look like addresses are skipped:
 * dotted numbers that are part of a longer chain or glued to letters ("v1.2.3.4", "1.2.3.4.5"),
 * numbers after a version word, single-digit quads such as "1.2.3.4" unless an IP word is near, and
 * colon tokens without a digit or with fewer than two groups ("std::map", "12:30"). Loopback,
 * unspecified and netmask addresses are not reported either.
 */
final class IpAddressDetector implements Detector {
    private static final ContextWords VERSION_WORDS = new ContextWords(
            "version", "versions", "ver", "release", "build", "rev", "revision", "v", "firmware", "sdk", "api");
    private static final ContextWords IP_WORDS = new ContextWords(
            "ip", "ipv4", "address", "addr", "host", "server", "gateway", "dns", "subnet", "ping", "router", "netmask");

    @Override
    public void detect(ScanText t, List<Finding> out) {
        detectV4(t, out);
        detectV6(t, out);
    }

    private static void detectV4(ScanText t, List<Finding> out) {
        for (int r = 0; r + 3 < t.runCount(); r++) {
            boolean allSingle = true;
            boolean ok = true;
            for (int k = r; k < r + 4 && ok; k++) {
                ok = octet(t, k) && (k == r + 3 || (t.at(t.runEnd(k)) == '.' && t.runStart(k + 1) == t.runEnd(k) + 1));
                allSingle &= t.runLength(k) == 1;
            }
            if (!ok) continue;
            int s = t.runStart(r);
            int e = t.runEnd(r + 3);
            boolean longerChain = (t.at(s - 1) == '.' && ScanText.isDigit(t.at(s - 2)))
                    || (t.at(e) == '.' && ScanText.isDigit(t.at(e + 1)));
            if (longerChain || !t.standsAlone(s, e)) continue;
            if (VERSION_WORDS.occursIn(t.text, s - 16, s)) continue;
            if (allSingle && !IP_WORDS.near(t.text, s, e, 40, 0)) continue;
            if (nonIdentifying(t, r)) continue;
            out.add(new Finding(EntityType.IP_ADDRESS, s, withCidr(t, e)));
            r += 3;
        }
    }

    /**
     * Addresses that identify nothing: unspecified (0.0.0.0), loopback (127/8), broadcast and netmasks
     * (255.255.255.0). Every code prompt has one; flagging them would move code traffic for nothing.
     */
    private static boolean nonIdentifying(ScanText t, int r) {
        int first = Integer.parseInt(t.text, t.runStart(r), t.runEnd(r), 10);
        if (first == 0 || first == 127) return true;
        if (first != 255) return false;
        for (int k = r + 1; k < r + 4; k++) {
            int v = Integer.parseInt(t.text, t.runStart(k), t.runEnd(k), 10);
            int hostBits = ~v & 0xFF; // a mask octet is ones then zeros: its complement is 2^k - 1
            if (((hostBits + 1) & hostBits) != 0) return false;
        }
        return true;
    }

    private static boolean octet(ScanText t, int run) {
        int len = t.runLength(run);
        if (len > 3 || (len > 1 && t.at(t.runStart(run)) == '0')) return false;
        return Integer.parseInt(t.text, t.runStart(run), t.runEnd(run), 10) <= 255;
    }

    /** Extends past a "/nn" prefix length, so a CIDR block is reported whole. */
    private static int withCidr(ScanText t, int e) {
        if (t.at(e) != '/' || !ScanText.isDigit(t.at(e + 1))) return e;
        int i = e + 1;
        while (ScanText.isDigit(t.at(i)) && i - e <= 2) i++;
        return t.isWordChar(i) ? e : i;
    }

    private static void detectV6(ScanText t, List<Finding> out) {
        String s = t.text;
        int from = 0;
        for (int colon = s.indexOf(':'); colon >= 0; colon = s.indexOf(':', from)) {
            from = colon + 1;
            // "Note: x", "key: value": an address has a hex digit or another colon on both sides of each colon
            if (!isV6Char(t.at(colon - 1)) || !isV6Char(t.at(colon + 1))) continue;
            int a = colon;
            while (a > 0 && isV6Char(s.charAt(a - 1))) a--;
            int b = colon + 1;
            while (b < t.length && (isV6Char(s.charAt(b)) || s.charAt(b) == '.')) b++;
            from = b;
            // a sentence may end right after the address
            while (b > a && (s.charAt(b - 1) == '.' || (s.charAt(b - 1) == ':' && s.charAt(b - 2) != ':'))) b--;
            if (t.isWordChar(a - 1) || t.isWordChar(b) || t.at(a - 1) == '_' || t.at(b) == '_') continue;
            if (Ipv6.valid(s, a, b)) out.add(new Finding(EntityType.IP_ADDRESS, a, b));
        }
    }

    private static boolean isV6Char(char c) {
        return c == ':' || Character.digit(c, 16) >= 0 && c < 128;
    }
}
