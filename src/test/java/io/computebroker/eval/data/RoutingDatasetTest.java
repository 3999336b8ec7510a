package io.computebroker.eval.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingDatasetTest {
    @TempDir Path dir;

    @Test
    void writeThenReadGivesTheSameExamples() {
        List<RoutingExample> xs = List.of(
                new RoutingExample("a:1", "line one\nline \"two\" ✓", "gsm8k",
                        Map.of("big", new ModelResult(1, 0.0247), "small", new ModelResult(0, 0.00024))),
                new RoutingExample("a:2", "", null, Map.of("small", new ModelResult(0.5, 0))));
        Path f = dir.resolve("sub/set.jsonl");
        RoutingDataset.write(f, xs);
        assertThat(RoutingDataset.read(f)).isEqualTo(xs);
    }

    @Test
    void writesTheDocumentedShapeWithModelsInNameOrderAndNoTaskWhenAbsent() throws Exception {
        Path f = dir.resolve("one.jsonl");
        RoutingDataset.write(f, List.of(new RoutingExample("x", "p", null,
                Map.of("z", new ModelResult(1, 0.5), "a", new ModelResult(0, 0.25)))));
        assertThat(Files.readString(f)).isEqualTo(
                "{\"id\":\"x\",\"prompt\":\"p\",\"results\":{\"a\":{\"score\":0.0,\"cost_usd\":0.25},\"z\":{\"score\":1.0,\"cost_usd\":0.5}}}\n");
    }

    @Test
    void badLinesAreReportedWithTheirLineNumber() throws Exception {
        String ok = "{\"id\":\"x\",\"prompt\":\"p\",\"results\":{\"m\":{\"score\":1,\"cost_usd\":0.1}}}";
        Path notJson = dir.resolve("a.jsonl"), badScore = dir.resolve("b.jsonl"), noCost = dir.resolve("c.jsonl"), noId = dir.resolve("d.jsonl");
        Files.writeString(notJson, ok + "\n\n{oops\n");
        Files.writeString(badScore, ok + "\n" + ok.replace("\"score\":1", "\"score\":1.5") + "\n");
        Files.writeString(noCost, ok.replace(",\"cost_usd\":0.1", "") + "\n");
        Files.writeString(noId, ok + "\n" + ok + "\n" + ok.replace("\"id\":\"x\",", "") + "\n");

        assertThatThrownBy(() -> RoutingDataset.read(notJson)).hasMessageContaining("line 3").hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RoutingDataset.read(badScore)).hasMessageContaining("line 2").hasMessageContaining("score must be within 0..1");
        assertThatThrownBy(() -> RoutingDataset.read(noCost)).hasMessageContaining("line 1").hasMessageContaining("results.m.cost_usd");
        assertThatThrownBy(() -> RoutingDataset.read(noId)).hasMessageContaining("line 3").hasMessageContaining("\"id\" is required");
    }
}
