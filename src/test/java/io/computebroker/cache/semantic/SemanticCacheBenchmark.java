package io.computebroker.cache.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.StopReason;
import io.computebroker.core.Usage;
import io.computebroker.core.WireFormat;
import io.computebroker.provider.embed.LocalEmbeddings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hit rate and false-hit rate of the semantic cache on a hand-written FAQ paraphrase workload
 * ({@code cache/paraphrases.jsonl}): for each pair the first question is stored and the second looked up.
 * "same" pairs mean the same thing, so a hit is wanted; "different" pairs share a topic but need another
 * answer, so a hit is a wrong answer served. Each pair gets its own tenant, so a lookup can only reach its
 * own pair's entry and the rates are per pair.
 *
 * <p>Run twice: with no system prompt, and with a short support system prompt, because the key text is
 * system + user and a shared system prompt pulls every pair closer together.
 */
public final class SemanticCacheBenchmark {

    // 0.92 is the default in SemanticRules.
    static final double[] THRESHOLDS = {0.85, 0.90, 0.92, 0.95};
    static final String SUPPORT_SYSTEM = "You are the customer support assistant for Acme Cloud. Answer briefly and politely.";

    record Pair(boolean same, String a, String b) {}

    public static void main(String[] args) throws IOException {
        run(System.out);
    }

    static void run(PrintStream out) throws IOException {
        // Every hit is logged at INFO by design; hundreds of them would bury the table.
        Logger log = Logger.getLogger(SemanticCache.class.getName());
        Level previous = log.getLevel();
        log.setLevel(Level.WARNING);
        try {
            runQuietly(out);
        } finally {
            log.setLevel(previous);
        }
    }

    private static void runQuietly(PrintStream out) throws IOException {
        List<Pair> pairs = load();
        LocalEmbeddings embeddings = new LocalEmbeddings();
        long sameCount = pairs.stream().filter(Pair::same).count();
        out.printf(Locale.ROOT, "semantic cache benchmark: %d same-meaning pairs, %d different-meaning pairs%n",
                sameCount, pairs.size() - sameCount);
        for (String system : List.of("", SUPPORT_SYSTEM)) {
            out.println(system.isEmpty() ? "-- no system prompt" : "-- with system prompt \"" + system + "\"");
            report(out, pairs, embeddings, system);
        }
    }

    private static void report(PrintStream out, List<Pair> pairs, LocalEmbeddings embeddings, String system) {
        SemanticCache cache = new SemanticCache(embeddings, InstantSource.system(), 1);
        SemanticRules base = SemanticRules.defaults();
        Signals signals = signals();
        for (int i = 0; i < pairs.size(); i++) {
            cache.store("pair-" + i, request(system, pairs.get(i).a()), signals, base, "p1", "bench-model", "req-" + i,
                    answer("answer " + i));
        }
        // Similarity of every pair, from a lookup that accepts anything, for the distribution line.
        List<Double> sameSims = new ArrayList<>(), diffSims = new ArrayList<>();
        List<String> closeDifferent = new ArrayList<>();
        SemanticRules anything = base.withThreshold(1e-9);
        for (int i = 0; i < pairs.size(); i++) {
            double sim = cache.lookup("pair-" + i, request(system, pairs.get(i).b()), signals, anything, "p1")
                    .orElseThrow().similarity();
            (pairs.get(i).same() ? sameSims : diffSims).add(sim);
            if (!pairs.get(i).same() && sim >= THRESHOLDS[0]) {
                closeDifferent.add(String.format(Locale.ROOT, "  %.3f  %s | %s", sim, pairs.get(i).a(), pairs.get(i).b()));
            }
        }
        out.println("threshold  hit rate (same)   false-hit rate (different)");
        for (double t : THRESHOLDS) {
            SemanticRules rules = base.withThreshold(t);
            int sameHits = 0, sameN = 0, diffHits = 0, diffN = 0;
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                boolean hit = cache.lookup("pair-" + i, request(system, p.b()), signals, rules, "p1").isPresent();
                if (p.same()) { sameN++; if (hit) sameHits++; } else { diffN++; if (hit) diffHits++; }
            }
            out.printf(Locale.ROOT, "%9.2f  %5.1f%% (%2d/%2d)    %5.1f%% (%2d/%2d)%n", t,
                    100.0 * sameHits / sameN, sameHits, sameN, 100.0 * diffHits / diffN, diffHits, diffN);
        }
        out.printf(Locale.ROOT, "similarity same:      %s%n", quantiles(sameSims));
        out.printf(Locale.ROOT, "similarity different: %s%n", quantiles(diffSims));
        if (!closeDifferent.isEmpty()) {
            out.println("different-meaning pairs at or above " + THRESHOLDS[0] + " (wrong answers a cache would serve):");
            closeDifferent.stream().sorted(java.util.Comparator.reverseOrder()).forEach(out::println);
        }
    }

    private static String quantiles(List<Double> xs) {
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "min %.3f p25 %.3f median %.3f p75 %.3f max %.3f",
                v[0], v[v.length / 4], v[v.length / 2], v[3 * v.length / 4], v[v.length - 1]);
    }

    static List<Pair> load() throws IOException {
        List<Pair> pairs = new ArrayList<>();
        try (InputStream in = SemanticCacheBenchmark.class.getResourceAsStream("/cache/paraphrases.jsonl")) {
            if (in == null) throw new IllegalStateException("cache/paraphrases.jsonl not on the test classpath");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                JsonNode n = Json.parse(line);
                String kind = n.path("kind").asText();
                if (!kind.equals("same") && !kind.equals("different")) throw new IllegalStateException("bad kind: " + kind);
                pairs.add(new Pair(kind.equals("same"), n.path("a").asText(), n.path("b").asText()));
            }
        }
        return pairs;
    }

    static ChatRequest request(String system, String user) {
        List<Content> sys = system.isEmpty() ? List.of() : List.of(Content.Text.of(system));
        return new ChatRequest("auto", sys, List.of(Message.user(user)), List.of(), null, null, null, null, List.of(),
                false, false, null, null, null, WireFormat.OPENAI, null);
    }

    static ChatResponse answer(String text) {
        return new ChatResponse("resp-" + Math.abs(text.hashCode()), "bench-model", List.of(Content.Text.of(text)),
                StopReason.END_TURN, Usage.of(10, 5));
    }

    static Signals signals() {
        return new Signals(TaskClass.QA, Signals.Source.INFERRED, 0.9, 0.2, Sensitivity.PUBLIC, Signals.Source.INFERRED,
                Set.of(), null, null, (BigDecimal) null, null, 12, null, false, false, false);
    }

    private SemanticCacheBenchmark() {}

}
