package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskClassifierTrainerTest {
    @TempDir Path dir;

    static final TaskClassifierTrainer.Options SMALL = new TaskClassifierTrainer.Options(14, 512, 128, 8, 0.2, 1e-6, 0.8, 0f, 7L);

    @Test
    void learnsASyntheticTaskAndGeneralisesToNewSamples() {
        TaskClassifier m = TaskClassifierTrainer.train(SyntheticData.generate(40, 1), SMALL);
        assertThat(Evaluation.of(m, SyntheticData.generate(40, 1)).accuracy()).isEqualTo(1.0);
        assertThat(Evaluation.of(m, SyntheticData.generate(25, 99)).accuracy()).isGreaterThanOrEqualTo(0.95);
        TaskPrediction p = m.classify("Translate into German: quiet river stone");
        assertThat(p.task()).isEqualTo(TaskClass.TRANSLATE);
        assertThat(p.confidence()).isGreaterThan(0.5);
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions() {
        TaskClassifier m = TaskClassifierTrainer.train(SyntheticData.generate(30, 2), SMALL);
        Path file = dir.resolve("sub/model.bin");
        m.save(file);
        TaskClassifier loaded = TaskClassifier.load(file);
        for (LabeledPrompt lp : SyntheticData.generate(20, 3)) {
            assertThat(loaded.classify(lp.text())).isEqualTo(m.classify(lp.text()));
        }
        assertThat(loaded.classify("")).isEqualTo(m.classify(""));
    }

    @Test
    void trainingIsDeterministic() throws Exception {
        List<LabeledPrompt> data = SyntheticData.generate(30, 4);
        TaskClassifierTrainer.train(data, SMALL).save(dir.resolve("a.bin"));
        TaskClassifierTrainer.train(data, SMALL).save(dir.resolve("b.bin"));
        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(Files.readAllBytes(dir.resolve("b.bin")));
    }

    @Test
    void classesAbsentFromTrainingAreNeverPredicted() {
        TaskClassifier m = TaskClassifierTrainer.train(SyntheticData.generate(30, 5), SMALL);
        assertThat(m.classify("Write a Python function that parses JSON").task())
                .isIn(TaskClass.TRANSLATE, TaskClass.MATH, TaskClass.CHAT, TaskClass.SUMMARIZE);
    }

    @Test
    void refusesFilesThatAreNotModels() throws Exception {
        Path junk = dir.resolve("junk.bin");
        Files.writeString(junk, "not a model");
        assertThatThrownBy(() -> TaskClassifier.load(junk)).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> TaskClassifier.load(dir.resolve("missing.bin"))).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void optionsAreValidated() {
        TaskClassifierTrainer.Options d = TaskClassifierTrainer.Options.defaults();
        assertThatThrownBy(() -> new TaskClassifierTrainer.Options(30, 1536, 512, 1, 0.2, 0, 0.5, 0, 1))
                .hasMessageContaining("hash bits");
        assertThatThrownBy(() -> d.withEpochs(0)).hasMessageContaining("epochs");
        assertThatThrownBy(() -> TaskClassifierTrainer.train(List.of(), d)).hasMessageContaining("no training data");
    }

    @Test
    void classWeightsAverageOneAndFavourRareClasses() {
        List<LabeledPrompt> data = new java.util.ArrayList<>();
        for (int i = 0; i < 90; i++) data.add(new LabeledPrompt("q" + i, TaskClass.QA));
        for (int i = 0; i < 10; i++) data.add(new LabeledPrompt("t" + i, TaskClass.TRANSLATE));
        float[] w = TaskClassifierTrainer.classWeights(data, 1.0);
        assertThat(90 * w[TaskClass.QA.ordinal()] + 10 * w[TaskClass.TRANSLATE.ordinal()]).isCloseTo(100f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(90 * w[TaskClass.QA.ordinal()]).isCloseTo(10 * w[TaskClass.TRANSLATE.ordinal()], org.assertj.core.data.Offset.offset(1e-3f));
        float[] raw = TaskClassifierTrainer.classWeights(data, 0.0);
        assertThat(raw[TaskClass.QA.ordinal()]).isEqualTo(raw[TaskClass.TRANSLATE.ordinal()]);
    }
}
