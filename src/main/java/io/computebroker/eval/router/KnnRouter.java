package io.computebroker.eval.router;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.provider.embed.LocalEmbeddings;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * k-nearest-neighbour router over in-process sentence embeddings ({@link LocalEmbeddings}). The predicted
 * acceptance of model m for a prompt is the similarity-weighted mean score of m over the k most similar
 * training prompts, searched within the prompt's task first (all training prompts when the task is unknown
 * or has fewer than k examples), optionally blended with a {@link LearnedRouter}'s prediction:
 * {@code p = (1 - blend) * knn + blend * logistic}. The decision rule is {@link LearnedRouter#pick}.
 *
 * <p>Only the question is embedded: RouterBench prompts are few-shot with a shared prefix, so the text after
 * the last blank line (bounded to the last {@link #TAIL_CHARS} characters) is used; see {@link #questionText}.
 *
 * <p>Thread-safe; predictions are memoised per (prompt, task) because an evaluation asks the same prompt once
 * per knob. Offline the memo keeps everything (an evaluation set); {@link #live()} bounds it, for a policy that
 * sees an open-ended stream of prompts.
 */
public final class KnnRouter implements Router, AcceptanceModel {
    private static final int MAGIC = 0x43424b4e;   // "CBKN"
    private static final int VERSION = 1;
    public static final int TAIL_CHARS = 1000;
    private static final int MIN_QUESTION_CHARS = 20;

    private final List<String> models;
    private final double[] meanCost;
    private final String[] tasks;           // per training example, "" when unknown
    private final float[][] emb;            // [example][dim], L2-normalised
    private final float[][] scores;         // [example][model], NaN when the model was not run
    private final int k;
    private final double blend;
    private final LearnedRouter logistic;   // null when blend == 0
    private final Map<String, List<Integer>> byTask = new TreeMap<>();
    /** Offline: every prompt asked (an evaluation set). Live: the most recent {@link #LIVE_MEMO} (agents resend prompts). */
    private final Map<String, double[]> cache;
    static final int LIVE_MEMO = 4_096;
    private volatile LocalEmbeddings embedder;

    private KnnRouter(List<String> models, double[] meanCost, String[] tasks, float[][] emb, float[][] scores,
                      int k, double blend, LearnedRouter logistic) {
        this(models, meanCost, tasks, emb, scores, k, blend, logistic, new ConcurrentHashMap<>());
    }

    private KnnRouter(List<String> models, double[] meanCost, String[] tasks, float[][] emb, float[][] scores,
                      int k, double blend, LearnedRouter logistic, Map<String, double[]> cache) {
        this.cache = cache;
        if (k < 1) throw new IllegalArgumentException("k must be >= 1: " + k);
        if (!(blend >= 0 && blend <= 1)) throw new IllegalArgumentException("blend must be within 0..1: " + blend);
        if (blend > 0 && logistic == null) throw new IllegalArgumentException("blend > 0 needs a logistic router");
        this.models = List.copyOf(models);
        this.meanCost = meanCost;
        this.tasks = tasks;
        this.emb = emb;
        this.scores = scores;
        this.k = k;
        this.blend = blend;
        this.logistic = logistic;
        for (int i = 0; i < tasks.length; i++) byTask.computeIfAbsent(tasks[i], t -> new ArrayList<>()).add(i);
        if (logistic != null && !logistic.models().equals(this.models)) {
            throw new IllegalArgumentException("logistic router knows other models: " + logistic.models());
        }
    }

    /** The part of a prompt that is embedded: the last few-shot block (the actual question), at most the tail. */
    public static String questionText(String prompt) {
        String tail = prompt.length() > TAIL_CHARS ? prompt.substring(prompt.length() - TAIL_CHARS) : prompt;
        int cut = Math.max(tail.lastIndexOf("\\n\\n"), tail.lastIndexOf("\n\n"));
        if (cut >= 0) {
            String q = tail.substring(cut).replace("\\n", " ").strip();
            if (q.length() >= MIN_QUESTION_CHARS) return q;
        }
        String q = tail.replace("\\n", " ").strip();
        return q.isEmpty() ? prompt.isBlank() ? "(empty)" : prompt : q;
    }

    /** Embeds the question part of each prompt (see {@link #questionText}), in batches. */
    public static float[][] embedPrompts(LocalEmbeddings e, List<RoutingExample> examples) {
        float[][] out = new float[examples.size()][];
        int batch = 64;
        for (int from = 0; from < examples.size(); from += batch) {
            int to = Math.min(from + batch, examples.size());
            List<String> texts = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) texts.add(questionText(examples.get(i).prompt()));
            List<float[]> v = e.embedAll(texts);
            for (int i = from; i < to; i++) out[i] = v.get(i - from);
        }
        return out;
    }

    /** Builds a router from training examples and their precomputed embeddings (same order). */
    public static KnnRouter build(List<RoutingExample> examples, float[][] embeddings, int k, double blend, LearnedRouter logistic) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
        if (embeddings.length != examples.size()) throw new IllegalArgumentException("one embedding per example");
        TreeMap<String, double[]> costSums = new TreeMap<>();
        for (RoutingExample e : examples) {
            e.results().forEach((m, r) -> {
                double[] s = costSums.computeIfAbsent(m, x -> new double[2]);
                s[0] += r.costUsd();
                s[1]++;
            });
        }
        List<String> models = new ArrayList<>(costSums.keySet());
        double[] meanCost = new double[models.size()];
        for (int j = 0; j < models.size(); j++) {
            double[] s = costSums.get(models.get(j));
            meanCost[j] = s[0] / s[1];
        }
        String[] tasks = new String[examples.size()];
        float[][] scores = new float[examples.size()][models.size()];
        for (int i = 0; i < examples.size(); i++) {
            RoutingExample e = examples.get(i);
            tasks[i] = Objects.requireNonNullElse(e.task(), "");
            for (int j = 0; j < models.size(); j++) {
                ModelResult r = e.results().get(models.get(j));
                scores[i][j] = r == null ? Float.NaN : (float) r.score();
            }
        }
        return new KnnRouter(models, meanCost, tasks, embeddings, scores, k, blend, blend > 0 ? logistic : null);
    }

    /** The same neighbours and logistic model with other settings (for tuning without re-embedding). */
    public KnnRouter with(int k, double blend) {
        return new KnnRouter(models, meanCost, tasks, emb, scores, k, blend, blend > 0 ? logistic : null);
    }

    /** The same router with a bounded memo, for the policy's live use (see {@link AcceptanceModel}). */
    public KnnRouter live() {
        return new KnnRouter(models, meanCost, tasks, emb, scores, k, blend, logistic,
                com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(LIVE_MEMO).executor(Runnable::run)
                        .<String, double[]>build().asMap());
    }

    /** Shares the embedder (and thus the ONNX session) of another router or caller. */
    public KnnRouter withEmbedder(LocalEmbeddings e) {
        this.embedder = e;
        return this;
    }

    /** Pre-fills the embedding memo for prompts whose embeddings are already known (tuning). */
    public void prime(List<RoutingExample> examples, float[][] embeddings) {
        for (int i = 0; i < examples.size(); i++) {
            RoutingExample e = examples.get(i);
            cache.putIfAbsent(key(e.prompt(), e.task()), predict(embeddings[i], e.prompt(), e.task()));
        }
    }

    @Override
    public String choose(String prompt, String task, double willingnessToPay) {
        return models.get(LearnedRouter.pick(probabilities(prompt, task), meanCost, willingnessToPay));
    }

    @Override
    public double[] probabilities(String prompt, String task) {
        return cache.computeIfAbsent(key(prompt, task), x -> predict(embedder().embed(questionText(prompt)), prompt, task));
    }

    private static String key(String prompt, String task) { return (task == null ? "" : task) + '\u0000' + prompt; }

    private LocalEmbeddings embedder() {
        LocalEmbeddings e = embedder;
        if (e == null) embedder = e = new LocalEmbeddings();
        return e;
    }

    private double[] predict(float[] q, String prompt, String task) {
        List<Integer> pool = byTask.get(Objects.requireNonNullElse(task, ""));
        int n = pool == null || pool.size() < k ? tasks.length : pool.size();
        // top-k by similarity, by a partial selection over a small heap-free array (n is a few thousand)
        int kk = Math.min(k, n);
        int[] idx = new int[kk];
        double[] sim = new double[kk];
        Arrays.fill(sim, Double.NEGATIVE_INFINITY);
        for (int t = 0; t < n; t++) {
            int i = pool == null || pool.size() < k ? t : pool.get(t);
            double s = dot(q, emb[i]);
            if (s <= sim[kk - 1]) continue;
            int pos = kk - 1;
            while (pos > 0 && sim[pos - 1] < s) { sim[pos] = sim[pos - 1]; idx[pos] = idx[pos - 1]; pos--; }
            sim[pos] = s;
            idx[pos] = i;
        }
        int m = models.size();
        double[] num = new double[m], den = new double[m];
        for (int r = 0; r < kk; r++) {
            double w = Math.max(sim[r], 1e-3);
            for (int j = 0; j < m; j++) {
                float sc = scores[idx[r]][j];
                if (Float.isNaN(sc)) continue;
                num[j] += w * sc;
                den[j] += w;
            }
        }
        double[] p = new double[m];
        for (int j = 0; j < m; j++) p[j] = den[j] > 0 ? num[j] / den[j] : 0;
        if (blend > 0) {
            double[] lp = logistic.probabilities(prompt, task);
            for (int j = 0; j < m; j++) p[j] = (1 - blend) * p[j] + blend * lp[j];
        }
        return p;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) s += a[d] * b[d];
        return s;
    }

    @Override
    public List<String> models() { return models; }

    public int k() { return k; }

    public double blend() { return blend; }

    /** Gzipped: settings, models and mean costs, per example task + embedding + scores, then the logistic model. */
    public void save(Path p) {
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            byte[] lr = new byte[0];
            if (logistic != null) {
                Path tmp = Files.createTempFile("knn-logistic", ".bin");
                try {
                    logistic.save(tmp);
                    lr = Files.readAllBytes(tmp);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(p)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(TAIL_CHARS);
                out.writeInt(k);
                out.writeDouble(blend);
                out.writeInt(models.size());
                for (int j = 0; j < models.size(); j++) {
                    out.writeUTF(models.get(j));
                    out.writeDouble(meanCost[j]);
                }
                int dim = emb.length == 0 ? 0 : emb[0].length;
                out.writeInt(tasks.length);
                out.writeInt(dim);
                for (int i = 0; i < tasks.length; i++) {
                    out.writeUTF(tasks[i]);
                    for (float f : emb[i]) out.writeFloat(f);
                    for (float f : scores[i]) out.writeFloat(f);
                }
                out.writeInt(lr.length);
                out.write(lr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kNN router model " + p, e);
        }
    }

    /** True when {@code p} starts (after gunzip) with this class's magic number. */
    public static boolean isKnnModel(Path p) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(p)))) {
            return in.readInt() == MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    public static KnnRouter load(Path p) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(p)))) {
            if (in.readInt() != MAGIC) throw new IOException("not a kNN router model file");
            int version = in.readInt();
            if (version != VERSION) throw new IOException("kNN router model version " + version + ", expected " + VERSION);
            if (in.readInt() != TAIL_CHARS) throw new IOException("kNN router model was built with a different text window; rebuild it");
            int k = in.readInt();
            double blend = in.readDouble();
            int m = in.readInt();
            List<String> models = new ArrayList<>(m);
            double[] meanCost = new double[m];
            for (int j = 0; j < m; j++) {
                models.add(in.readUTF());
                meanCost[j] = in.readDouble();
            }
            int n = in.readInt(), dim = in.readInt();
            String[] tasks = new String[n];
            float[][] emb = new float[n][dim], scores = new float[n][m];
            for (int i = 0; i < n; i++) {
                tasks[i] = in.readUTF();
                for (int d = 0; d < dim; d++) emb[i][d] = in.readFloat();
                for (int j = 0; j < m; j++) scores[i][j] = in.readFloat();
            }
            int lrLen = in.readInt();
            LearnedRouter logistic = null;
            if (lrLen > 0) {
                byte[] lr = in.readNBytes(lrLen);
                Path tmp = Files.createTempFile("knn-logistic", ".bin");
                try {
                    Files.write(tmp, lr);
                    logistic = LearnedRouter.load(tmp);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return new KnnRouter(models, meanCost, tasks, emb, scores, k, blend, logistic);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kNN router model " + p, e);
        }
    }
}
