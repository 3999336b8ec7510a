package io.computebroker.classify.sensitivity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * JSON Web Tokens in compact JWS form: three base64url parts joined by dots, where the header decodes
 * to a JSON object with an "alg" member and the payload decodes to a JSON object. Every JWT header
 * starts with {@code {"} and so every token with "eyJ", which is what the prefilter searches for.
 */
final class JwtDetector implements Detector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_PART = 4;

    @Override
    public void detect(ScanText t, List<Finding> out) {
        String s = t.text;
        int from = 0;
        for (int a = s.indexOf("eyJ"); a >= 0; a = s.indexOf("eyJ", from)) {
            from = a + 3;
            if (a > 0 && isB64(s.charAt(a - 1))) continue;
            int h = partEnd(s, a);
            if (s.length() <= h || s.charAt(h) != '.') continue;
            int p = partEnd(s, h + 1);
            if (s.length() <= p || s.charAt(p) != '.') continue;
            int sig = partEnd(s, p + 1);
            // "alg":"none" tokens end with an empty signature; a longer dotted chain is something else
            boolean longerChain = sig + 1 < s.length() && s.charAt(sig) == '.' && isB64(s.charAt(sig + 1));
            if (longerChain || h - a < MIN_PART || p - h - 1 < MIN_PART) continue;
            if (header(s.substring(a, h)) && jsonObject(s.substring(h + 1, p)) != null) {
                out.add(new Finding(EntityType.JWT, a, sig));
                from = sig;
            }
        }
    }

    private static int partEnd(String s, int i) {
        while (i < s.length() && isB64(s.charAt(i))) i++;
        return i;
    }

    private static boolean isB64(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '-' || c == '_';
    }

    private static boolean header(String part) {
        JsonNode n = jsonObject(part);
        return n != null && n.has("alg");
    }

    private static JsonNode jsonObject(String b64url) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(b64url);
            JsonNode n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            return n != null && n.isObject() ? n : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null; // not base64url or not JSON: not a token
        }
    }
}
