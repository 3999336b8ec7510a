package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingDataTest {
    @TempDir Path dir;

    Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void detectsEachFormatAndJoinsUnlabelledRecordsByText() throws Exception {
        Path ours = write("ours.jsonl", """
                {"text": "Translate to Dutch: hello", "task": "translate"}

                {"text": "hi!", "task": "CHAT"}
                """);
        Path router = write("router.jsonl", """
                {"task_name": "gsm8k", "query": "Tom has 3 apples and buys 2 more. How many?", "ground_truth": "5"}
                {"task_name": "mbpp", "query": "Write a function to add two numbers."}
                {"task_name": "gsm8k", "query": "Tom has 3 apples and buys 2 more. How many?"}
                """);
        Path dc = write("dc.json", """
                [ {"question": "Write a function to add two numbers.", "scores": {}, "cluster_id": 1},
                  {"question": "A question no other file labels", "scores": {}, "cluster_id": 0} ]
                """);
        List<TrainingData.Source> s = TrainingData.load(List.of(ours, router, dc));
        assertThat(s.get(0).examples()).containsExactly(
                new LabeledPrompt("Translate to Dutch: hello", TaskClass.TRANSLATE), new LabeledPrompt("hi!", TaskClass.CHAT));
        assertThat(s.get(1).examples()).containsExactly(
                new LabeledPrompt("Tom has 3 apples and buys 2 more. How many?", TaskClass.MATH),
                new LabeledPrompt("Write a function to add two numbers.", TaskClass.CODE));
        assertThat(s.get(1).duplicates()).isEqualTo(1);
        assertThat(s.get(2).examples()).isEmpty();
        assertThat(s.get(2).duplicates()).isEqualTo(1);
        assertThat(s.get(2).unlabeled()).isEqualTo(1);
        assertThat(TrainingData.all(s)).hasSize(4);
    }

    @Test
    void badRecordsNameTheFileAndLine() throws Exception {
        Path unknownTask = write("a.jsonl", "{\"text\": \"x\", \"task\": \"chat\"}\n{\"text\": \"y\", \"task\": \"poetry\"}\n");
        assertThatThrownBy(() -> TrainingData.load(List.of(unknownTask)))
                .hasMessageContaining("a.jsonl line 2").hasMessageContaining("poetry").hasMessageContaining("allowed");
        Path unknownRouterTask = write("b.jsonl", "{\"task_name\": \"squad\", \"query\": \"x\"}\n");
        assertThatThrownBy(() -> TrainingData.load(List.of(unknownRouterTask)))
                .hasMessageContaining("squad").hasMessageContaining("gsm8k");
        Path shape = write("c.jsonl", "{\"prompt\": \"x\"}\n");
        assertThatThrownBy(() -> TrainingData.load(List.of(shape))).hasMessageContaining("c.jsonl line 1").hasMessageContaining("expected");
        Path notJson = write("d.jsonl", "hello world\n");
        assertThatThrownBy(() -> TrainingData.load(List.of(notJson))).hasMessageContaining("d.jsonl line 1");
    }

    @Test
    void everyLlmRouterTaskNameIsMapped() {
        assertThat(LlmRouterTasks.mapping()).hasSize(14);
        assertThat(LlmRouterTasks.map("GSM8K")).isEqualTo(TaskClass.MATH);
        assertThat(LlmRouterTasks.map("agentverse-logicgrid")).isEqualTo(TaskClass.REASONING);
    }

    @Test
    void shippedSupplementCoversTheClassesTheBenchmarksLack() throws Exception {
        Path copy = dir.resolve("supplement.jsonl");
        try (InputStream in = getClass().getResourceAsStream("/classify/supplement.jsonl")) {
            assertThat(in).as("classify/supplement.jsonl on the classpath").isNotNull();
            Files.copy(in, copy);
        }
        List<LabeledPrompt> all = TrainingData.all(TrainingData.load(List.of(copy)));
        Map<TaskClass, Integer> counts = new EnumMap<>(TaskClass.class);
        for (LabeledPrompt lp : all) counts.merge(lp.task(), 1, Integer::sum);
        for (TaskClass c : List.of(TaskClass.CLASSIFY, TaskClass.EXTRACT, TaskClass.SUMMARIZE, TaskClass.TRANSLATE,
                TaskClass.REWRITE, TaskClass.PLAN, TaskClass.CHAT, TaskClass.CREATIVE, TaskClass.REASONING)) {
            assertThat(counts.getOrDefault(c, 0)).as("%s examples", c).isGreaterThanOrEqualTo(60);
        }
    }
}
