package io.computebroker.classify.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small labelled sets whose classes differ only in a few words, for training tests. */
final class SyntheticData {
    private static final String[] FILLER = {"apple", "river", "blue", "seven", "garden", "window", "quiet", "market",
            "letter", "stone", "cloud", "paper", "engine", "forest", "silver", "summer", "island", "coffee"};

    private SyntheticData() {}

    static List<LabeledPrompt> generate(int perClass, long seed) {
        Random r = new Random(seed);
        List<LabeledPrompt> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            out.add(new LabeledPrompt("Translate into " + pick(r, "French", "German", "Polish") + ": " + filler(r, 8), TaskClass.TRANSLATE));
            out.add(new LabeledPrompt("Solve " + r.nextInt(50) + "x + " + r.nextInt(50) + " = " + r.nextInt(99) + " " + filler(r, 2), TaskClass.MATH));
            out.add(new LabeledPrompt("hi " + pick(r, "there", "friend", "again") + " how are you " + filler(r, 1), TaskClass.CHAT));
            out.add(new LabeledPrompt(filler(r, 10) + "\n\nSummarize the above in " + (1 + r.nextInt(4)) + " bullets.", TaskClass.SUMMARIZE));
        }
        return out;
    }

    private static String filler(Random r, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) sb.append(i == 0 ? "" : " ").append(FILLER[r.nextInt(FILLER.length)]);
        return sb.toString();
    }

    private static String pick(Random r, String... xs) { return xs[r.nextInt(xs.length)]; }
}
