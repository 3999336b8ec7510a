package io.computebroker.cache.semantic;

import io.computebroker.core.ChatRequest;
import io.computebroker.core.Content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a single-turn request is keyed on: the user text, which is embedded, and a digest of the system
 * text, which must match exactly because the same question under a different system prompt may deserve
 * a different answer. The system text is not embedded: a shared system prompt raises every similarity
 * and would make one threshold mean a different false-hit rate per tenant (measured: with a one-line
 * support prompt, 0.92 let 8% of different-meaning questions through instead of 1.6%).
 */
record SemanticKey(String embedText, String systemDigest) {

    /** Only for requests {@link SemanticCache#eligible} accepted: exactly one user turn of text blocks. */
    static SemanticKey of(ChatRequest req) {
        String system = req.systemText();
        String user = userText(req);
        return new SemanticKey(user, sha256(system));
    }

    static String userText(ChatRequest req) {
        StringBuilder sb = new StringBuilder();
        for (Content c : req.messages().get(0).content()) {
            if (c instanceof Content.Text t) {
                if (!sb.isEmpty()) sb.append('\n');
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
