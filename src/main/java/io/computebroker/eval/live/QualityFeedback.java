package io.computebroker.eval.live;

import io.computebroker.classify.task.TaskClass;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measured quality per (model, task) from shadow and canary scores. Once a pair has
 * {@link #MIN_SAMPLES} scores its mean replaces the policy's prior in ranking, so evidence beats belief.
 */
public final class QualityFeedback {
    static final int MIN_SAMPLES = 20;

    private record Key(String model, TaskClass task) {}

    private static final class Stat {
        long n;
        double sum;
    }

    private final Map<Key, Stat> stats = new ConcurrentHashMap<>();

    public void record(String model, TaskClass task, double score) {
        Stat s = stats.computeIfAbsent(new Key(model, task), k -> new Stat());
        synchronized (s) {
            s.n++;
            s.sum += score;
        }
    }

    /** The measured quality when there is enough evidence, else {@code prior}. */
    public double quality(String model, TaskClass task, double prior) {
        Stat s = stats.get(new Key(model, task));
        if (s == null) return prior;
        synchronized (s) {
            return s.n >= MIN_SAMPLES ? s.sum / s.n : prior;
        }
    }

    public long samples(String model, TaskClass task) {
        Stat s = stats.get(new Key(model, task));
        if (s == null) return 0;
        synchronized (s) {
            return s.n;
        }
    }
}
