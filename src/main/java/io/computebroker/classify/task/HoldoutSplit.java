package io.computebroker.classify.task;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic stratified split: within each class, a seeded shuffle picks round(n · fraction)
 * examples for the test side, so rare classes are represented in proportion and the same seed always
 * gives the same split. Both sides keep the input order.
 */
public record HoldoutSplit(List<LabeledPrompt> train, List<LabeledPrompt> test) {

    public static HoldoutSplit stratified(List<LabeledPrompt> data, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("holdout fraction must be in [0,1): " + fraction);
        int k = TaskClass.count();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < k; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < data.size(); i++) byClass.get(data.get(i).task().ordinal()).add(i);
        boolean[] held = new boolean[data.size()];
        for (int c = 0; c < k; c++) {
            List<Integer> idx = byClass.get(c);
            SplittableRandom rnd = new SplittableRandom(seed * 31 + c);   // per class, so classes do not shift each other
            for (int i = idx.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Integer t = idx.get(i); idx.set(i, idx.get(j)); idx.set(j, t);
            }
            int take = (int) Math.round(idx.size() * fraction);
            for (int i = 0; i < take; i++) held[idx.get(i)] = true;
        }
        List<LabeledPrompt> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) (held[i] ? test : train).add(data.get(i));
        return new HoldoutSplit(List.copyOf(train), List.copyOf(test));
    }
}
