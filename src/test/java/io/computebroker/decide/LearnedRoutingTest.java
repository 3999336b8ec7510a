package io.computebroker.decide;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;
import io.computebroker.eval.router.KnnRouter;
import io.computebroker.eval.router.LearnedRouter;
import io.computebroker.provider.embed.LocalEmbeddings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.computebroker.decide.RoutingFixture.principal;
import static io.computebroker.decide.RoutingFixture.signals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A learned router as the live quality estimate: per prompt, the cheapest model within X of the best prediction. */
class LearnedRoutingTest {
    @TempDir Path dir;

    Path router() {
        List<RoutingExample> data = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            data.add(new RoutingExample("a" + i, "add the numbers " + i + " and " + (i * 3) + " please", "chat",
                    Map.of("cheap", new ModelResult(1, 0.0001), "dear", new ModelResult(1, 0.01))));
            data.add(new RoutingExample("b" + i, "explain the history of the roman empire in era " + i, "chat",
                    Map.of("cheap", new ModelResult(0, 0.0001), "dear", new ModelResult(1, 0.01))));
        }
        Path p = dir.resolve("router.bin");
        LearnedRouter.train(data, LearnedRouter.Options.defaults()).save(p);
        return p;
    }

    @Test
    void thePredictionPerPromptPicksTheRoute() {
        RoutingFixture f = new RoutingFixture(RoutingFixture.POLICY.replace("defaults:", "defaults:\n  learned: {model: \"" + router()
                + "\", names: {small-owned: cheap, frontier: dear}, willingness: 0.1}"));
        Decision easy = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal(), "add the numbers 5 and 9 please");
        assertThat(easy.chosen().id()).isEqualTo("small-owned");
        Decision hard = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal(), "explain the history of the roman empire in era 77");
        assertThat(hard.chosen().id()).isEqualTo("frontier");
        assertThat(hard.candidates().stream().filter(c -> c.model().equals("small-owned")).findFirst().orElseThrow().reason())
                .startsWith("quality 0.").contains("below floor");
        // The boundary still wins over any prediction.
        Decision secret = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.CONFIDENTIAL), principal(), "explain the history of the roman empire in era 77");
        assertThat(secret.order()).allMatch(m -> m.boundary() == io.computebroker.config.Boundary.OWNED);
    }

    /** The kNN router decides live too: the prompt's question is embedded in process and compared with its neighbours. */
    @Test
    void aKnnRouterPicksTheRouteFromItsNeighbours() {
        List<RoutingExample> data = new ArrayList<>();
        String[] easy = {"What is 12 plus 7?", "Add 40 and 2.", "Compute the sum of 3 and 9.", "What is 100 minus 1?", "Add 8 and 15 together.",
                "What do you get when you add 6 and 6?", "Sum these two numbers: 21 and 4.", "What is 9 plus 10?"};
        String[] hard = {"Explain the causes of the fall of the Western Roman Empire.", "Why did the Roman Republic become an empire?",
                "Describe the role of the Praetorian Guard in Roman politics.", "How did Diocletian reform the Roman Empire?",
                "Compare Augustus and Julius Caesar as Roman leaders.", "What led to the crisis of the third century in Rome?",
                "Explain how Constantine changed the Roman Empire.", "Why was Hadrian's Wall built by the Romans?"};
        for (int i = 0; i < easy.length; i++) {
            data.add(new RoutingExample("e" + i, easy[i], "chat", Map.of("cheap", new ModelResult(1, 0.0001), "dear", new ModelResult(1, 0.01))));
            data.add(new RoutingExample("h" + i, hard[i], "chat", Map.of("cheap", new ModelResult(0, 0.0001), "dear", new ModelResult(1, 0.01))));
        }
        float[][] embeddings = KnnRouter.embedPrompts(new LocalEmbeddings(), data);
        Path p = dir.resolve("knn.bin");
        KnnRouter.build(data, embeddings, 3, 0, null).save(p);
        RoutingFixture f = new RoutingFixture(RoutingFixture.POLICY.replace("defaults:", "defaults:\n  learned: {model: \"" + p
                + "\", names: {small-owned: cheap, frontier: dear}, willingness: 0.1}"));
        Decision sum = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal(), "Please add 31 and 11.");
        assertThat(sum.chosen().id()).isEqualTo("small-owned");
        Decision rome = f.router.decide("auto", signals(TaskClass.CHAT, Sensitivity.PUBLIC), principal(),
                "What were the main reasons the Roman Empire declined?");
        assertThat(rome.chosen().id()).isEqualTo("frontier");
        assertThat(f.policies.current().learnedAcceptance("What were the main reasons the Roman Empire declined?", TaskClass.CHAT))
                .containsOnlyKeys("small-owned", "frontier");
    }

    @Test
    void aRouterThatDoesNotKnowAMappedModelIsRejectedAtLoad() {
        Path p = router();
        assertThatThrownBy(() -> RoutingFixture.policy(RoutingFixture.POLICY.replace("defaults:",
                "defaults:\n  learned: {model: \"" + p + "\", names: {small-owned: gpt-9}}")))
                .hasMessageContaining("defaults.learned.names.small-owned").hasMessageContaining("gpt-9");
    }
}
