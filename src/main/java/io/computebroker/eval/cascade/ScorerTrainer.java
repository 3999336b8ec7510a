package io.computebroker.eval.cascade;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.policy.EscalationScorer;

import java.util.ArrayList;
import java.util.List;

/**
 * Trains an {@link EscalationScorer} for a tier of cheap models on recorded examples: the label is whether
 * the answer the tier would serve (the weighted-majority one) scored 1; the features are the scorer's, read
 * from the recorded replies. L2-regularised logistic regression fitted by Newton's method on standardised
 * features, from zero, with a fixed iteration cap — so the same data always gives the same scorer.
 *
 * <p>The 0/1 scores are the training labels only; a trained scorer never sees a score at decision time.
 */
public final class ScorerTrainer {
    /** Ridge penalty on the standardised coefficients (not the bias): keeps rare patterns from getting extreme weights. */
    static final double L2 = 1.0;
    private static final int MAX_ITERATIONS = 50;

    private ScorerTrainer() {}

    /** The replies of the tier's models for one example, in tier order (null where none was recorded). */
    static List<String> replies(RoutingExample e, List<String> tier) {
        List<String> out = new ArrayList<>(tier.size());
        for (String m : tier) {
            ModelResult r = e.results().get(m);
            out.add(r == null ? null : r.response());
        }
        return out;
    }

    /**
     * Vote weights: each model's log-odds of being right on these examples (clamped to [0.51, 0.99]), so a
     * stronger model outvotes a weaker one and a coin-flip model barely counts.
     */
    static double[] voteWeights(List<RoutingExample> examples, List<String> tier) {
        double[] w = new double[tier.size()];
        for (int i = 0; i < tier.size(); i++) {
            double s = 0;
            int n = 0;
            for (RoutingExample e : examples) {
                ModelResult r = e.results().get(tier.get(i));
                if (r != null) { s += r.score(); n++; }
            }
            double acc = Math.min(0.99, Math.max(0.51, n == 0 ? 0.51 : s / n));
            w[i] = Math.log(acc / (1 - acc));
        }
        return w;
    }

    public static EscalationScorer fit(List<RoutingExample> examples, List<String> tier, double threshold) {
        double[] vw = voteWeights(examples, tier);
        int d = EscalationScorer.featureCount(tier.size());
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (RoutingExample e : examples) {
            EscalationScorer.Reading r = EscalationScorer.read(replies(e, tier), vw);
            if (r.winner() < 0) continue;   // all blank: always escalated, nothing to learn
            ModelResult served = e.results().get(tier.get(r.winner()));
            xs.add(r.features());
            ys.add(served == null ? 0.0 : served.score());
        }
        double[] mean = new double[d], scale = new double[d];
        for (int j = 0; j < d; j++) {
            double m = 0, v = 0;
            for (double[] x : xs) m += x[j];
            m = xs.isEmpty() ? 0 : m / xs.size();
            for (double[] x : xs) v += (x[j] - m) * (x[j] - m);
            double sd = xs.isEmpty() ? 0 : Math.sqrt(v / xs.size());
            mean[j] = m;
            scale[j] = sd < 1e-9 ? 1 : sd;   // a constant feature: standardised to 0, its weight stays 0
        }
        double[] beta = new double[d + 1];   // [bias, coefs…]
        for (int it = 0; it < MAX_ITERATIONS && !xs.isEmpty(); it++) {
            double[] g = new double[d + 1];
            double[][] h = new double[d + 1][d + 1];
            for (int n = 0; n < xs.size(); n++) {
                double[] z = standardised(xs.get(n), mean, scale);
                double p = sigmoid(dot(beta, z));
                double w = Math.max(p * (1 - p), 1e-12);
                for (int a = 0; a <= d; a++) {
                    g[a] += (p - ys.get(n)) * z[a];
                    for (int b = 0; b <= d; b++) h[a][b] += w * z[a] * z[b];
                }
            }
            for (int a = 1; a <= d; a++) {
                g[a] += L2 * beta[a];
                h[a][a] += L2;
            }
            h[0][0] += 1e-9;
            double[] step = solve(h, g);
            double size = 0;
            for (int a = 0; a <= d; a++) {
                beta[a] -= step[a];
                size = Math.max(size, Math.abs(step[a]));
            }
            if (size < 1e-10) break;
        }
        double[] coef = new double[d];
        System.arraycopy(beta, 1, coef, 0, d);
        return new EscalationScorer(EscalationScorer.KIND, tier, vw, mean, scale, coef, beta[0], threshold);
    }

    /**
     * Out-of-fold probabilities: example {@code i} is scored by a scorer fitted on the other folds
     * ({@code i mod folds}), so thresholds are chosen on estimates the scorer did not fit. All-blank
     * examples get 0 (always escalated).
     */
    public static double[] outOfFold(List<RoutingExample> examples, List<String> tier, int folds) {
        double[] p = new double[examples.size()];
        for (int f = 0; f < folds; f++) {
            List<RoutingExample> fitOn = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) if (i % folds != f) fitOn.add(examples.get(i));
            EscalationScorer s = fit(fitOn, tier, 0.5);
            for (int i = f; i < examples.size(); i += folds) p[i] = s.probability(replies(examples.get(i), tier));
        }
        return p;
    }

    private static double[] standardised(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length + 1];
        z[0] = 1;
        for (int j = 0; j < x.length; j++) z[j + 1] = (x[j] - mean[j]) / scale[j];
        return z;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double sigmoid(double z) { return 1 / (1 + Math.exp(-z)); }

    /** Gaussian elimination with partial pivoting (the Hessian is small: 2·models + 8 rows). */
    static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            if (Math.abs(a[c][c]) < 1e-15) continue;
            for (int r = c + 1; r < n; r++) {
                double k = a[r][c] / a[c][c];
                if (k == 0) continue;
                for (int j = c; j < n; j++) a[r][j] -= k * a[c][j];
                b[r] -= k * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int j = r + 1; j < n; j++) s -= a[r][j] * x[j];
            x[r] = Math.abs(a[r][r]) < 1e-15 ? 0 : s / a[r][r];
        }
        return x;
    }
}
