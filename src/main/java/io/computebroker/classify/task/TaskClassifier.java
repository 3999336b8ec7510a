package io.computebroker.classify.task;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Infers the task class and a complexity estimate of a prompt with a multinomial logistic regression
 * over hashed features (see {@link FeatureExtractor}). Immutable and thread-safe; a call reads at most
 * the extractor's window of the prompt and allocates a handful of small objects.
 *
 * <p>Weights are held as they are stored: one signed byte per (bucket, class) and one float scale per
 * bucket (zero for a bucket no feature uses), 4 MB for 2^18 buckets, a third of floats; saving then
 * loading reproduces every prediction bit for bit.
 */
public final class TaskClassifier {
    static final String RESOURCE = "/classify/task-model.bin";

    private final FeatureExtractor extractor;
    private final byte[] weights;      // [bucket * classes + class]
    private final float[] rowScale;    // [bucket]
    private final float[] bias;        // [class], by TaskClass ordinal
    private final int classes;

    TaskClassifier(FeatureExtractor extractor, byte[] weights, float[] rowScale, float[] bias) {
        this.classes = TaskClass.count();
        if (bias.length != classes) throw new IllegalArgumentException("bias needs " + classes + " classes");
        if (rowScale.length != extractor.buckets() || weights.length != rowScale.length * classes) {
            throw new IllegalArgumentException("weight table does not match " + extractor.buckets() + " buckets");
        }
        this.extractor = extractor;
        this.weights = weights;
        this.rowScale = rowScale;
        this.bias = bias;
    }

    /** The model shipped in the jar, loaded on first use. */
    public static TaskClassifier builtIn() { return BuiltIn.INSTANCE; }

    private static final class BuiltIn {   // holder idiom: class init is the lock, once
        static final TaskClassifier INSTANCE = loadResource();

        private static TaskClassifier loadResource() {
            try (InputStream in = TaskClassifier.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("classpath resource " + RESOURCE
                        + " is missing; build it with `broker train-classifier`");
                return ModelFile.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in task model " + RESOURCE, e);
            }
        }
    }

    public static TaskClassifier load(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return ModelFile.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read task model " + p, e);
        }
    }

    public void save(Path p) {
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (OutputStream out = Files.newOutputStream(p)) {
                ModelFile.write(this, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write task model " + p, e);
        }
    }

    public TaskPrediction classify(String text) {
        Objects.requireNonNull(text, "text");
        double[] p = new double[classes];
        TextStats stats = probabilities(text, p);
        int best = 0;
        for (int k = 1; k < classes; k++) if (p[k] > p[best]) best = k;
        return new TaskPrediction(TaskClass.of(best), p[best], Complexity.estimate(stats, p));
    }

    /** Fills {@code out} with the softmax over classes (by ordinal) and returns what extraction counted. */
    TextStats probabilities(String text, double[] out) {
        Scorer scorer = new Scorer();
        TextStats stats = extractor.extract(text, scorer);
        double textNorm = textNorm(stats.textFeatures()), zoneNorm = zoneNorm(stats.zoneFeatures());
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            out[k] = bias[k] + scorer.text[k] * textNorm + scorer.zone[k] * zoneNorm + scorer.structural[k];
            max = Math.max(max, out[k]);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) sum += out[k] = Math.exp(out[k] - max);
        for (int k = 0; k < classes; k++) out[k] /= sum;
        return stats;
    }

    /** 1/sqrt(n) for the instruction zone: its vote grows with the square root of its size, not linearly. */
    static double zoneNorm(int n) { return n == 0 ? 0 : 1 / Math.sqrt(n); }

    /**
     * n^-0.75 for the n-gram group, between the bag-of-words L2 norm (n^-0.5) and a plain mean (n^-1): with
     * n^-0.5 the words of a long pasted document, whose vote grows as sqrt(n), outvoted an instruction on the
     * last line ("… Translate the text above into Spanish."); 0.75 fixed that for about half a point of
     * held-out accuracy on the benchmark data.
     */
    static double textNorm(int n) { return n == 0 ? 0 : Math.pow(n, -0.75); }

    /** Sums weight rows as features stream in; no feature list is ever built. */
    private final class Scorer implements FeatureSink {
        final double[] text = new double[classes];
        final double[] zone = new double[classes];
        final double[] structural = new double[classes];

        @Override
        public void text(int bucket) { add(bucket, text); }

        @Override
        public void zone(int bucket) { add(bucket, zone); }

        @Override
        public void structural(int bucket) { add(bucket, structural); }

        private void add(int bucket, double[] acc) {
            float s = rowScale[bucket];
            if (s == 0) return;
            int o = bucket * classes;
            for (int k = 0; k < classes; k++) acc[k] += s * weights[o + k];
        }
    }

    FeatureExtractor extractor() { return extractor; }

    byte[] weights() { return weights; }

    float[] rowScale() { return rowScale; }

    float[] bias() { return bias; }
}
