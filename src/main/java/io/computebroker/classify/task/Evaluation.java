package io.computebroker.classify.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy, per-class precision / recall / F1 and the confusion matrix of a classifier on labelled data.
 *
 * @param confusion {@code confusion[actual][predicted]} counts, by {@link TaskClass} ordinal
 */
public record Evaluation(int[][] confusion) {

    /** One class's figures; precision is NaN when the class was never predicted. */
    public record ClassFigures(TaskClass task, int support, int predicted, double precision, double recall, double f1) {}

    public static Evaluation of(TaskClassifier model, List<LabeledPrompt> data) {
        int k = TaskClass.count();
        int[][] m = new int[k][k];
        for (LabeledPrompt lp : data) m[lp.task().ordinal()][model.classify(lp.text()).task().ordinal()]++;
        return new Evaluation(m);
    }

    public int total() {
        int n = 0;
        for (int[] row : confusion) for (int v : row) n += v;
        return n;
    }

    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < confusion.length; c++) correct += confusion[c][c];
        int n = total();
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** Figures for every class that occurs in the data or was predicted. */
    public List<ClassFigures> perClass() {
        List<ClassFigures> out = new ArrayList<>();
        for (int c = 0; c < confusion.length; c++) {
            int support = 0, predicted = 0;
            for (int j = 0; j < confusion.length; j++) {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }
            if (support == 0 && predicted == 0) continue;
            double precision = predicted == 0 ? Double.NaN : (double) confusion[c][c] / predicted;
            double recall = support == 0 ? Double.NaN : (double) confusion[c][c] / support;
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            out.add(new ClassFigures(TaskClass.of(c), support, predicted, precision, recall, Double.isNaN(f1) ? 0 : f1));
        }
        return out;
    }

    /** A fixed-width report: accuracy line, then one line per class. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("accuracy %.4f (%d examples)%n", accuracy(), total()));
        sb.append(String.format("%-10s %8s %9s %10s %8s %8s%n", "CLASS", "SUPPORT", "PREDICTED", "PRECISION", "RECALL", "F1"));
        for (ClassFigures f : perClass()) {
            sb.append(String.format("%-10s %8d %9d %10s %8s %8.3f%n", f.task().wire(), f.support(), f.predicted(),
                    fmt(f.precision()), fmt(f.recall()), f.f1()));
        }
        return sb.toString();
    }

    private static String fmt(double v) { return Double.isNaN(v) ? "-" : String.format("%.3f", v); }
}
