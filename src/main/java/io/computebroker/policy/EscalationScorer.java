package io.computebroker.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code learned:<file>} cascade check: a logistic model, trained on recorded data by
 * {@code tune-cascade --learned}, that reads the answers of a fixed tier of cheap models and estimates the
 * probability that their (weighted-majority) answer is right; below {@link #threshold} the request
 * escalates. Its features are only what the broker sees at run time — which answer each tier model gave,
 * whether it agrees with the majority, blanks, the vote share, the number of distinct answers and which
 * choice letter won — never a score or a reference answer (FrugalGPT's scorer, without the prompt text).
 *
 * <p>Features are positional: {@link #models} is the tier in the order it is asked, and a reply that is
 * missing (model failed or not admissible) is a blank.
 */
public record EscalationScorer(String kind, List<String> models, double[] voteWeights, double[] mean, double[] scale,
                               double[] coef, double bias, double threshold) {
    public static final String KIND = "cascade-escalation-scorer/1";
    private static final String LETTERS = "ABCDE";
    private static final Pattern DEF = Pattern.compile("\\bdef\\s+([A-Za-z_]\\w*)\\s*\\(");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, EscalationScorer> LOADED = new ConcurrentHashMap<>();

    public EscalationScorer {
        if (!KIND.equals(kind)) throw new IllegalArgumentException("not an escalation scorer (kind " + kind + ", expected " + KIND + ")");
        models = List.copyOf(models);
        int n = featureCount(models.size());
        if (models.size() < 2 || voteWeights.length != models.size() || mean.length != n || scale.length != n || coef.length != n) {
            throw new IllegalArgumentException("escalation scorer: need >= 2 models and " + n + " features for " + models.size() + " models");
        }
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("escalation scorer threshold must be within [0, 1]");
    }

    /** 2 per model (agrees with the winner, blank), vote share, distinct answers, winning letter A–E. */
    public static int featureCount(int models) { return 2 * models + 2 + LETTERS.length(); }

    /**
     * The comparable final answer of a reply: a multiple-choice letter ({@link Answers#key}); else, for code,
     * the name of the first Python function defined ({@code def:name}, so that two models writing the same
     * function agree); else the normalised text. Null for a blank reply.
     */
    public static String key(String reply) {
        String k = Answers.key(reply);
        if (k == null || k.startsWith("choice:")) return k;
        Matcher m = DEF.matcher(reply);
        return m.find() ? "def:" + m.group(1) : k;
    }

    /** What the features say about a set of replies: the winning reply's index (-1 when all are blank) and the features. */
    public record Reading(int winner, double[] features) {}

    /**
     * Reads the replies (in {@link #models} order, null for blank): the winner is the key with the largest summed
     * vote weight (ties: the one given first), served by the first model that gave it.
     */
    public static Reading read(List<String> replies, double[] voteWeights) {
        int k = voteWeights.length;
        if (replies.size() != k) throw new IllegalArgumentException("expected " + k + " replies, got " + replies.size());
        List<String> keys = new ArrayList<>(k);
        Map<String, Double> votes = new HashMap<>();
        double total = 0;
        for (int i = 0; i < k; i++) {
            String key = key(replies.get(i));
            keys.add(key);
            if (key != null) {
                votes.merge(key, voteWeights[i], Double::sum);
                total += voteWeights[i];
            }
        }
        String top = null;
        for (String key : keys) if (key != null && (top == null || votes.get(key) > votes.get(top))) top = key;
        double[] f = new double[featureCount(k)];
        for (int i = 0; i < k; i++) {
            f[2 * i] = top != null && top.equals(keys.get(i)) ? 1 : 0;
            f[2 * i + 1] = keys.get(i) == null ? 1 : 0;
        }
        f[2 * k] = top == null || total <= 0 ? 0 : votes.get(top) / total;
        f[2 * k + 1] = (double) votes.size() / k;
        if (top != null && top.startsWith("choice:")) {
            int l = LETTERS.indexOf(top.charAt(top.length() - 1));
            if (l >= 0) f[2 * k + 2 + l] = 1;
        }
        return new Reading(top == null ? -1 : keys.indexOf(top), f);
    }

    /** The estimated probability that the winning answer is right (0 when every reply is blank). */
    public double probability(List<String> replies) {
        Reading r = read(replies, voteWeights);
        return r.winner() < 0 ? 0 : probability(r.features());
    }

    double probability(double[] f) {
        double z = bias;
        for (int j = 0; j < f.length; j++) z += coef[j] * (f[j] - mean[j]) / scale[j];
        return 1 / (1 + Math.exp(-z));
    }

    /** The index of the reply to serve, or -1 to escalate. */
    public int decide(List<String> replies) {
        Reading r = read(replies, voteWeights);
        if (r.winner() < 0) return -1;
        return probability(r.features()) >= threshold ? r.winner() : -1;
    }

    public EscalationScorer withThreshold(double t) {
        return new EscalationScorer(kind, models, voteWeights, mean, scale, coef, bias, t);
    }

    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a scorer file once per path and modification time (a policy reload that names the same unchanged file reuses it). */
    public static EscalationScorer load(String file) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(Path.of(file)).toMillis();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read escalation scorer " + file + ": " + e.getMessage(), e);
        }
        return LOADED.computeIfAbsent(file + "@" + modified, k -> {
            try {
                return JSON.readValue(Path.of(file).toFile(), EscalationScorer.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read escalation scorer " + file + ": " + e.getMessage(), e);
            }
        });
    }
}
