package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reports held-out figures on the LLMRouter data when it is present beside the repository
 * (../shared/data, not shipped). The only assertion is that the model beats always answering the
 * majority class; the figures themselves are printed for the reader.
 */
class LlmRouterHoldoutTest {
    static final Path DATA = Path.of("../shared/data/routing/llmrouter/query_data__default_query_train.jsonl");

    @Test
    void reportsHeldOutAccuracy() throws Exception {
        assumeTrue(Files.isRegularFile(DATA), "LLMRouter data not present at " + DATA.toAbsolutePath());
        Path supplement = Path.of("src/main/resources/classify/supplement.jsonl");
        List<TrainingData.Source> sources = TrainingData.load(List.of(DATA, supplement));
        TaskClassifierTrainer.Options o = TaskClassifierTrainer.Options.defaults();
        HoldoutSplit router = HoldoutSplit.stratified(sources.get(0).examples(), 0.2, o.seed());
        HoldoutSplit supp = HoldoutSplit.stratified(sources.get(1).examples(), 0.2, o.seed());
        List<LabeledPrompt> train = new java.util.ArrayList<>(router.train());
        train.addAll(supp.train());
        TaskClassifier model = TaskClassifierTrainer.train(train, o);

        Evaluation e = Evaluation.of(model, router.test());
        System.out.println("LLMRouter held-out (20%, stratified, seed " + o.seed() + "):\n" + e.table());
        System.out.println("supplement held-out:\n" + Evaluation.of(model, supp.test()).table());

        long majority = router.test().stream().collect(java.util.stream.Collectors.groupingBy(LabeledPrompt::task,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(e.accuracy()).isGreaterThan((double) majority / router.test().size());
    }
}
