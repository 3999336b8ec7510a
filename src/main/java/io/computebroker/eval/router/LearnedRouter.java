package io.computebroker.eval.router;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Per model, the probability that its answer to a prompt is acceptable: one logistic regression per
 * model over shared hashed features ({@link PromptFeatures}). Trained with AdaGrad SGD, because hashed
 * n-grams are sparse and rare ones need bigger steps than "the"; L2 keeps rare buckets from memorising.
 *
 * <p>{@link #choose} turns the probabilities into a decision: the cheapest model (by its mean cost per call
 * in the training data) whose predicted acceptance is within the knob of the best prediction. Immutable
 * and thread-safe.
 */
public final class LearnedRouter implements Router, AcceptanceModel {
    private static final int MAGIC = 0x43424c52;   // "CBLR"
    private static final int VERSION = 1;

    /** Training settings. A score counts as acceptable when it is at least {@code acceptScore}. */
    public record Options(int bits, int epochs, double learningRate, double l2, double acceptScore, long seed) {
        public Options {
            if (bits < 10 || bits > 24) throw new IllegalArgumentException("bits must be within 10..24: " + bits);
            if (epochs < 1 || learningRate <= 0 || l2 < 0) throw new IllegalArgumentException("bad training settings");
        }

        public static Options defaults() { return new Options(18, 3, 0.2, 1e-6, 1.0, 42); }

        public Options withEpochs(int e) { return new Options(bits, e, learningRate, l2, acceptScore, seed); }

        public Options withSeed(long s) { return new Options(bits, epochs, learningRate, l2, acceptScore, s); }
    }

    private final int bits;
    private final List<String> models;      // sorted by name: a stable order for files and ties
    private final double[] meanCost;
    private final float[][] weights;        // [model][bucket]
    private final float[] bias;

    private LearnedRouter(int bits, List<String> models, double[] meanCost, float[][] weights, float[] bias) {
        this.bits = bits;
        this.models = List.copyOf(models);
        this.meanCost = meanCost;
        this.weights = weights;
        this.bias = bias;
    }

    public static LearnedRouter train(List<RoutingExample> examples, Options o) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no training examples");
        TreeMap<String, double[]> costSums = new TreeMap<>();   // model -> {sum, count}
        for (RoutingExample e : examples) {
            e.results().forEach((m, r) -> {
                double[] s = costSums.computeIfAbsent(m, k -> new double[2]);
                s[0] += r.costUsd();
                s[1]++;
            });
        }
        List<String> models = new ArrayList<>(costSums.keySet());
        int k = models.size(), buckets = 1 << o.bits();
        double[] meanCost = new double[k];
        for (int j = 0; j < k; j++) {
            double[] s = costSums.get(models.get(j));
            meanCost[j] = s[0] / s[1];
        }
        PromptFeatures.Vec[] x = new PromptFeatures.Vec[examples.size()];
        for (int i = 0; i < x.length; i++) x[i] = PromptFeatures.of(examples.get(i).prompt(), examples.get(i).task(), o.bits());

        float[][] w = new float[k][buckets];
        float[][] g2 = new float[k][buckets];    // AdaGrad accumulators
        float[] bias = new float[k];
        double[] bg2 = new double[k];
        // Start each bias at the model's log-odds so early epochs learn the prompt effects, not the base rate.
        for (int j = 0; j < k; j++) {
            double pos = 0, n = 0;
            for (RoutingExample e : examples) {
                ModelResult r = e.results().get(models.get(j));
                if (r != null) { n++; if (r.score() >= o.acceptScore()) pos++; }
            }
            double p = (pos + 1) / (n + 2);
            bias[j] = (float) Math.log(p / (1 - p));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.length; i++) order.add(i);
        Random rnd = new Random(o.seed());
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            Collections.shuffle(order, rnd);
            for (int i : order) {
                PromptFeatures.Vec v = x[i];
                Map<String, ModelResult> results = examples.get(i).results();
                for (int j = 0; j < k; j++) {
                    ModelResult r = results.get(models.get(j));
                    if (r == null) continue;   // a model not run on this prompt teaches nothing about it
                    double y = r.score() >= o.acceptScore() ? 1 : 0;
                    double grad = sigmoid(dot(w[j], bias[j], v)) - y;
                    float[] wj = w[j], gj = g2[j];
                    for (int t = 0; t < v.size(); t++) {
                        int b = v.index()[t];
                        double g = grad * v.value()[t] + o.l2() * wj[b];
                        gj[b] += (float) (g * g);
                        wj[b] -= (float) (o.learningRate() * g / Math.sqrt(gj[b] + 1e-8));
                    }
                    bg2[j] += grad * grad;
                    bias[j] -= (float) (o.learningRate() * grad / Math.sqrt(bg2[j] + 1e-8));
                }
            }
        }
        return new LearnedRouter(o.bits(), models, meanCost, w, bias);
    }

    @Override
    public String choose(String prompt, String task, double willingnessToPay) {
        return models.get(pick(probabilities(prompt, task), meanCost, willingnessToPay));
    }

    /** Index of the cheapest model with p >= max(p) - knob; ties on cost go to the higher p. */
    static int pick(double[] p, double[] cost, double knob) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : p) best = Math.max(best, v);
        int pick = -1;
        for (int j = 0; j < p.length; j++) {
            if (p[j] < best - knob) continue;
            if (pick < 0 || cost[j] < cost[pick] || (cost[j] == cost[pick] && p[j] > p[pick])) pick = j;
        }
        return pick;
    }

    @Override
    public double[] probabilities(String prompt, String task) {
        PromptFeatures.Vec v = PromptFeatures.of(prompt, task, bits);
        double[] p = new double[models.size()];
        for (int j = 0; j < p.length; j++) p[j] = sigmoid(dot(weights[j], bias[j], v));
        return p;
    }

    private static double dot(float[] w, float b, PromptFeatures.Vec v) {
        double z = b;
        for (int t = 0; t < v.size(); t++) z += w[v.index()[t]] * v.value()[t];
        return z;
    }

    private static double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }

    @Override
    public List<String> models() { return models; }

    /** Mean cost per call of each model in the training data: what {@link #choose} ranks by. */
    public Map<String, Double> meanCost() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < models.size(); j++) out.put(models.get(j), meanCost[j]);
        return out;
    }

    /** Gzipped, sparse: only non-zero weights are written (most hashed buckets are never touched). */
    public void save(Path p) {
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(p)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(bits);
                out.writeInt(PromptFeatures.HEAD_CHARS);
                out.writeInt(PromptFeatures.TAIL_CHARS);
                out.writeInt(models.size());
                for (int j = 0; j < models.size(); j++) {
                    out.writeUTF(models.get(j));
                    out.writeDouble(meanCost[j]);
                    out.writeFloat(bias[j]);
                    float[] w = weights[j];
                    int nnz = 0;
                    for (float f : w) if (f != 0) nnz++;
                    out.writeInt(nnz);
                    for (int b = 0; b < w.length; b++) {
                        if (w[b] != 0) { out.writeInt(b); out.writeFloat(w[b]); }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write router model " + p, e);
        }
    }

    public static LearnedRouter load(Path p) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(p)))) {
            if (in.readInt() != MAGIC) throw new IOException("not a router model file");
            int version = in.readInt();
            if (version != VERSION) throw new IOException("router model version " + version + ", expected " + VERSION);
            int bits = in.readInt();
            // The features depend on the window; a model is only ever applied with the one it was trained with.
            if (in.readInt() != PromptFeatures.HEAD_CHARS || in.readInt() != PromptFeatures.TAIL_CHARS) {
                throw new IOException("router model was trained with a different feature window; retrain it");
            }
            int k = in.readInt();
            List<String> models = new ArrayList<>(k);
            double[] meanCost = new double[k];
            float[] bias = new float[k];
            float[][] w = new float[k][1 << bits];
            for (int j = 0; j < k; j++) {
                models.add(in.readUTF());
                meanCost[j] = in.readDouble();
                bias[j] = in.readFloat();
                int nnz = in.readInt();
                for (int t = 0; t < nnz; t++) w[j][in.readInt()] = in.readFloat();
            }
            return new LearnedRouter(bits, models, meanCost, w, bias);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read router model " + p, e);
        }
    }
}
