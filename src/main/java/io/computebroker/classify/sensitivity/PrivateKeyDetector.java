package io.computebroker.classify.sensitivity;

import java.util.List;

/**
 * PEM private keys: a {@code -----BEGIN <label>-----} line whose label ends in "PRIVATE KEY" (RSA, EC,
 * DSA, OPENSSH, ENCRYPTED, PGP … BLOCK), through the matching END line. A pasted key that was cut off
 * before its END line is still reported, up to the end of its base64 body. Certificates and public
 * keys use other labels and are not secrets.
 */
final class PrivateKeyDetector implements Detector {
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    @Override
    public void detect(ScanText t, List<Finding> out) {
        String s = t.text;
        int from = 0;
        for (int b = s.indexOf(BEGIN); b >= 0; b = s.indexOf(BEGIN, from)) {
            int labelStart = b + BEGIN.length();
            int labelEnd = s.indexOf(DASHES, labelStart);
            from = labelStart;
            if (labelEnd < 0 || labelEnd - labelStart > 40) continue;
            String label = s.substring(labelStart, labelEnd);
            if (!label.endsWith("PRIVATE KEY") && !label.endsWith("PRIVATE KEY BLOCK")) continue;
            String endLine = "-----END " + label + DASHES;
            int end = s.indexOf(endLine, labelEnd);
            int stop = end >= 0 ? end + endLine.length() : bodyEnd(s, labelEnd + DASHES.length());
            out.add(new Finding(EntityType.PRIVATE_KEY, b, stop));
            from = stop;
        }
    }

    /** End of the base64 body (and "Proc-Type:"-style headers) that follows a BEGIN line without an END. */
    private static int bodyEnd(String s, int i) {
        int end = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean body = (c < 128 && Character.isLetterOrDigit(c)) || c == '+' || c == '/' || c == '='
                    || c == '\n' || c == '\r' || c == ':' || c == ',' || c == '-' || c == ' ';
            if (!body) break;
            i++;
            if (c != '\n' && c != '\r' && c != ' ') end = i;
        }
        return end;
    }
}
