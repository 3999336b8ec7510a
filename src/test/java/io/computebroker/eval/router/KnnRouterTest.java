package io.computebroker.eval.router;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.provider.embed.LocalEmbeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The kNN router learns which model handles which kind of question, and survives save/load. */
class KnnRouterTest {
    @TempDir Path dir;

    @Test
    void routesByNeighboursAndRoundTrips() {
        // blend 0 = neighbours only (blend 1 would be the logistic model alone). Cheap model is right on arithmetic, wrong on history; the dear model is always right.
        List<RoutingExample> train = new ArrayList<>();
        String[] math = {"What is 12 plus 7?", "Compute 45 minus 19.", "What is 8 times 6?", "Add 101 and 99.", "What is 81 divided by 9?",
                "Subtract 17 from 60.", "What is 13 times 3?", "Sum 250 and 125."};
        String[] history = {"Who was the first emperor of Rome?", "When did the Berlin Wall fall?", "Who wrote the Magna Carta?",
                "What caused the French Revolution?", "Who founded the Ottoman Empire?", "When was the Battle of Hastings?",
                "Who was Charlemagne?", "What was the Hanseatic League?"};
        for (int i = 0; i < math.length; i++) {
            train.add(new RoutingExample("m" + i, math[i], "qa", Map.of("cheap", new ModelResult(1, 0.001), "dear", new ModelResult(1, 0.01))));
            train.add(new RoutingExample("h" + i, history[i], "qa", Map.of("cheap", new ModelResult(0, 0.001), "dear", new ModelResult(1, 0.01))));
        }
        LocalEmbeddings e = new LocalEmbeddings();
        LearnedRouter logistic = LearnedRouter.train(train, LearnedRouter.Options.defaults());
        KnnRouter knn = KnnRouter.build(train, KnnRouter.embedPrompts(e, train), 4, 0.0, logistic).withEmbedder(e);
        assertThat(knn.choose("What is 30 plus 12?", "qa", 0.1)).isEqualTo("cheap");
        assertThat(knn.choose("Who was the last tsar of Russia?", "qa", 0.1)).isEqualTo("dear");

        Path f = dir.resolve("knn.bin");
        knn.save(f);
        assertThat(KnnRouter.isKnnModel(f)).isTrue();
        KnnRouter back = KnnRouter.load(f).withEmbedder(e);
        assertThat(back.choose("What is 30 plus 12?", "qa", 0.1)).isEqualTo("cheap");
        assertThat(back.choose("Who was the last tsar of Russia?", "qa", 0.1)).isEqualTo("dear");
    }
}
