package io.computebroker.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The final answer in a model's reply, so that answers from different models can be compared (the
 * {@code agree} cascade check). Only the reply text is used — never a reference answer.
 *
 * <p>{@link #key}: a multiple-choice letter when the reply is one ({@code "B"}, {@code "(B)"},
 * {@code "B) Dennis"}, {@code "Answer: B"}, {@code "The answer is B."}) gives {@code "choice:B"};
 * otherwise the whole reply, lower-cased, whitespace collapsed, trailing punctuation dropped, gives
 * {@code "text:…"}. A blank reply has no key (null) and agrees with nothing.
 */
public final class Answers {
    // A capital letter standing alone at the start: "B", "B\n", "(B)", "B)", "B.", "B) Dennis", "Answer: B". A letter
    // followed by a space and more words ("A bird…", "I do not…") is prose, not a choice.
    private static final Pattern LEADING = Pattern.compile("^\\s*(?i:answer\\s*[:=-]?\\s*)?(\\()?([A-Z])([).:,])?(.*)", Pattern.DOTALL);
    private static final Pattern STATED = Pattern.compile("(?i:the\\s+(?:correct\\s+)?answer\\s+is|answer\\s*:)\\s*\\(?([A-Z])\\b");

    private Answers() {}

    public static String key(String reply) {
        if (reply == null || reply.isBlank()) return null;
        Matcher m = LEADING.matcher(reply);
        if (m.matches()) {
            String rest = m.group(4);
            boolean delimited = m.group(1) != null || m.group(3) != null;
            if (rest.isBlank() || rest.startsWith("\n") || rest.startsWith("\r") || (delimited && !Character.isLetterOrDigit(rest.charAt(0)))) {
                return "choice:" + m.group(2);
            }
        }
        m = STATED.matcher(reply);
        if (m.find()) return "choice:" + m.group(1);
        String text = reply.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[\\s.!?;:,]+$", "");
        return text.isEmpty() ? null : "text:" + text;
    }

    /** {@link #decide}'s answer while more replies could still change the outcome. */
    public static final int UNDECIDED = -2;
    /** {@link #decide}'s answer when the replies cannot agree, whatever the rest say. */
    public static final int DISAGREE = -1;

    /**
     * Whether the replies agree: the most common key is held by at least {@code quorum} of all the
     * replies (blank ones included, as dissent) and by strictly more than any other key.
     *
     * @return the index of the first reply with the winning key, or {@link #DISAGREE}
     */
    public static int agreeing(List<String> replies, double quorum) {
        if (replies.isEmpty()) return DISAGREE;
        return decide(replies, replies.size(), quorum);
    }

    /**
     * {@link #agreeing} over {@code total} replies of which the first {@code replies.size()} are known, decided
     * as early as the known ones allow: an index once the winner cannot change, {@link #DISAGREE} once no key
     * can reach the quorum or win outright, {@link #UNDECIDED} otherwise. With all replies known it is never
     * undecided. This is what lets a cascade ask its models one at a time and stop early.
     */
    public static int decide(List<String> replies, int total, double quorum) {
        List<String> keys = new ArrayList<>(replies.size());
        Map<String, Integer> counts = new HashMap<>();
        for (String r : replies) {
            String k = key(r);
            keys.add(k);
            if (k != null) counts.merge(k, 1, Integer::sum);
        }
        String top = null;
        int best = 0, second = 0;
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            if (c.getValue() > best) { second = best; best = c.getValue(); top = c.getKey(); }
            else if (c.getValue() > second) second = c.getValue();
        }
        int rest = total - replies.size();
        double need = quorum * total - 1e-9;   // "2 of 3 with quorum 0.66…" must not fail on rounding
        if (top != null && best >= need && best > second + rest) return keys.indexOf(top);
        if (best + rest < need || (rest == 0)) return DISAGREE;
        return UNDECIDED;
    }
}
