package io.computebroker.decide;

import java.util.concurrent.ConcurrentHashMap;

/** Exponentially weighted mean latency per model, from settled calls; feeds latency targets and 'fastest'. */
public final class LatencyEstimates {
    private static final double ALPHA = 0.2;
    private final ConcurrentHashMap<String, Double> millis = new ConcurrentHashMap<>();

    public void record(String model, long latencyMillis) {
        millis.merge(model, (double) latencyMillis, (old, now) -> old + ALPHA * (now - old));
    }

    /** Null until the model has served a call. */
    public Long estimate(String model) {
        Double m = millis.get(model);
        return m == null ? null : Math.round(m);
    }
}
