package io.computebroker.eval.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Model answers: unwrapped from RouterBench's Python list repr, optional in the JSONL, round-tripped. */
class ResponsesTest {
    @TempDir Path dir;

    @Test
    void pythonListReprsAreUnwrappedWithTheirEscapes() {
        assertThat(PyList.unwrap("['D']")).isEqualTo("D");
        assertThat(PyList.unwrap("['B\\n']")).isEqualTo("B\n");
        assertThat(PyList.unwrap("[\"it's\"]")).isEqualTo("it's");
        assertThat(PyList.unwrap("['Here\\'s x:\\r\\n\\tdef f(): return \"\\\\d\"']")).isEqualTo("Here's x:\r\n\tdef f(): return \"\\d\"");
        assertThat(PyList.unwrap("['caf\\xe9 \\u263a']")).isEqualTo("café ☺");
        assertThat(PyList.unwrap("['a', 'b']")).isEqualTo("a\nb");
        assertThat(PyList.parse("[]")).isEmpty();
        // not a list repr: kept verbatim
        assertThat(PyList.unwrap("resp gpt-4")).isEqualTo("resp gpt-4");
        assertThat(PyList.unwrap("['unterminated")).isEqualTo("['unterminated");
        assertThat(PyList.unwrap("['a' 'b']")).isEqualTo("['a' 'b']");
        assertThat(PyList.parse("['bad \\xZZ']")).isNull();
    }

    @Test
    void theRouterBenchImporterKeepsEachModelsAnswer() throws Exception {
        Path csv = dir.resolve("arc.csv");
        Files.writeString(csv, """
                ,sample_id,prompt,eval_name,m1,m2,m1|model_response,m2|model_response,m1|total_cost,m2|total_cost,oracle_model_to_route_to
                0,q1,"['Q?\\nA) x\\nB) y\\nAnswer:']",arc-challenge,1.0,0.0,"['B\\n']",['A'],0.001,0.002,m1
                1,q2,['Q2'],arc-challenge,1.0,1.0,,['A'],0.001,0.002,m1
                """);
        Map<String, RoutingExample> ex = ImportersTest.byId(RouterBenchImporter.read(csv));
        assertThat(ex.get("q1").results().get("m1")).isEqualTo(new ModelResult(1.0, 0.001, "B\n"));
        assertThat(ex.get("q1").results().get("m2")).isEqualTo(new ModelResult(0.0, 0.002, "A"));
        assertThat(ex.get("q2").results().get("m1").response()).isNull();   // a blank answer cell: no response
    }

    @Test
    void responsesAreOptionalInTheJsonlAndRoundTrip() throws Exception {
        Path f = dir.resolve("x.jsonl");
        List<RoutingExample> xs = List.of(new RoutingExample("a", "p", "t",
                Map.of("m1", new ModelResult(1, 0.5, "B\n"), "m2", new ModelResult(0, 0.25))));
        RoutingDataset.write(f, xs);
        String text = Files.readString(f);
        assertThat(text).contains("\"response\":\"B\\n\"").doesNotContain("\"m2\":{\"score\":0.0,\"cost_usd\":0.25,\"response\"");
        assertThat(RoutingDataset.read(f)).isEqualTo(xs);
        assertThat(io.computebroker.eval.router.ExamplesJsonl.read(f)).isEqualTo(xs);

        // a file from before responses were kept still reads
        Files.writeString(f, "{\"id\":\"a\",\"prompt\":\"p\",\"results\":{\"m\":{\"score\":1,\"cost_usd\":0.1}}}\n");
        assertThat(RoutingDataset.read(f).getFirst().results().get("m")).isEqualTo(new ModelResult(1, 0.1, null));

        Files.writeString(f, "{\"id\":\"a\",\"prompt\":\"p\",\"results\":{\"m\":{\"score\":1,\"cost_usd\":0.1,\"response\":7}}}\n");
        assertThatThrownBy(() -> RoutingDataset.read(f)).hasMessageContaining("line 1").hasMessageContaining("results.m.response must be a string");
    }
}
