package io.computebroker.classify.sensitivity;

/** RFC 4291 text-form check for IPv6, plus the "looks like an address, not code" rules of the detector. */
final class Ipv6 {
    private Ipv6() {}

    /** True for a syntactically valid address with at least one digit and at least two groups. */
    static boolean valid(String s, int a, int b) {
        if (b - a < 4) return false;
        int doubleColon = s.indexOf("::", a);
        if (doubleColon >= b - 1) doubleColon = -1;
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0 && s.indexOf("::", doubleColon + 1) < b - 1) return false;
        int groups = 0;
        boolean digit = false;
        int i = a;
        while (i < b) {
            if (s.charAt(i) == ':') {
                if (i == doubleColon) {
                    i += 2;
                    continue;
                }
                // a single leading or trailing colon is never valid
                if (i == a || i == b - 1) return false;
                i++;
                continue;
            }
            int g = i;
            while (i < b && s.charAt(i) != ':') i++;
            String group = s.substring(g, i);
            if (group.indexOf('.') >= 0) {
                // an embedded IPv4 tail (::ffff:192.0.2.1) must be last and counts as two groups
                if (i != b || !dottedQuad(group)) return false;
                groups += 2;
                digit = true;
                continue;
            }
            if (group.length() > 4) return false;
            for (int k = 0; k < group.length(); k++) {
                char c = group.charAt(k);
                if (Character.digit(c, 16) < 0) return false;
                if (c >= '0' && c <= '9') digit = true;
            }
            groups++;
        }
        if (!digit || groups < 2 || groups > 8) return false;
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    private static boolean dottedQuad(String q) {
        String[] parts = q.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return false;
            for (int k = 0; k < p.length(); k++) if (!ScanText.isDigit(p.charAt(k))) return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }
}
