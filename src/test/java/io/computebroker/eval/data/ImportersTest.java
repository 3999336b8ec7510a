package io.computebroker.eval.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each importer on a hand-written fixture in the real layout (src/test/resources/eval/), values checked by hand. */
class ImportersTest {
    @TempDir Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(ImportersTest.class.getResource("/eval/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, RoutingExample> byId(List<RoutingExample> xs) {
        return xs.stream().collect(Collectors.toMap(RoutingExample::id, Function.identity()));
    }

    @Test
    void routerBenchMapsCorrectnessAndCostPerModelSkipsRepeatsAndBlanks() {
        RouterBenchImporter.Result r = RouterBenchImporter.readWithStats(
                fixture("routerbench/arc_challenge_train.csv"), fixture("routerbench/winograde_train.csv"));
        assertThat(r.duplicates()).isEqualTo(1);  // second arc-challenge.test.1 row: first one wins
        assertThat(r.blankCells()).isEqualTo(1);  // claude-v1 on arc-challenge.test.2
        Map<String, RoutingExample> ex = byId(r.examples());
        assertThat(ex).containsOnlyKeys("arc-challenge.test.1", "arc-challenge.test.2", "winogrande.dev.5");

        RoutingExample first = ex.get("arc-challenge.test.1");
        assertThat(first.task()).isEqualTo("arc-challenge");
        assertThat(first.prompt()).isEqualTo("['Which is a \"metal\"?\nA) wood\nB) iron\nAnswer:']");
        assertThat(first.results()).hasSize(11);
        // the fixture's answers are not Python list reprs, so they are kept verbatim
        assertThat(first.results().get("gpt-4-1106-preview")).isEqualTo(new ModelResult(1.0, 0.01, "resp gpt-4-1106-preview"));
        assertThat(first.results().get("mistralai/mistral-7b-chat")).isEqualTo(new ModelResult(0.0, 0.0002, "resp mistralai/mistral-7b-chat"));
        assertThat(first.results()).doesNotContainKey("gpt-4-1106-preview|total_cost");

        RoutingExample second = ex.get("arc-challenge.test.2");
        assertThat(second.results()).hasSize(10).doesNotContainKey("claude-v1");
        assertThat(second.results().get("claude-instant-v1")).isEqualTo(new ModelResult(1.0, 0.0009, "resp claude-instant-v1"));
        assertThat(ex.get("winogrande.dev.5").task()).isEqualTo("winogrande");
    }

    @Test
    void llmRouterJoinsScoresTasksAndEstimatesCostFromThePriceTable() {
        List<RoutingExample> xs = LlmRouterImporter.read(fixture("llmrouter/query_data__default_query_train.jsonl"),
                fixture("llmrouter/dcrouter_preprocessed__train.json"), fixture("llmrouter/llm_candidates__default_llm.json"));
        Map<String, RoutingExample> ex = byId(xs);
        assertThat(ex).containsOnlyKeys("llmrouter:1", "llmrouter:2", "llmrouter:3");

        RoutingExample code = ex.get("llmrouter:1");
        assertThat(code.task()).isEqualTo("mbpp");
        // 36 chars -> 9 input tokens; + 256 output tokens. qwen: 265 x $0.20/M; gemma: 9 x $0.10/M + 256 x $0.30/M
        assertThat(code.results().get("qwen2.5-7b-instruct").score()).isEqualTo(1.0);
        assertThat(code.results().get("qwen2.5-7b-instruct").costUsd()).isCloseTo(53.0e-6, within(1e-12));
        assertThat(code.results().get("gemma-2-9b-it").costUsd()).isCloseTo(77.7e-6, within(1e-12));
        assertThat(code.results()).doesNotContainKey("palmyra-creative-122b"); // priced but never scored

        RoutingExample qa = ex.get("llmrouter:2");
        assertThat(qa.task()).isEqualTo("trivia_qa");
        assertThat(qa.results().get("qwen2.5-7b-instruct").score()).isEqualTo(0.5); // partial credit kept
        assertThat(qa.results().get("qwen2.5-7b-instruct").costUsd()).isCloseTo(52.2e-6, within(1e-12)); // 20 chars -> 5 tokens

        assertThat(ex.get("llmrouter:3").task()).as("two task names for one text: no task").isNull();
    }

    @Test
    void llmRouterWithoutTheScoresFileSaysWhereScoresAre() {
        assertThatThrownBy(() -> LlmRouterImporter.read(fixture("llmrouter/query_data__default_query_train.jsonl"),
                fixture("llmrouter/llm_candidates__default_llm.json")))
                .hasMessageContaining("dcrouter_preprocessed__train.json");
    }

    @Test
    void llmRouterRejectsAScoredModelWithNoPrice() throws Exception {
        Path prices = dir.resolve("prices.json");
        Files.writeString(prices, "{\"gemma-2-9b-it\": {\"input_price\": 0.1, \"output_price\": 0.1}}");
        assertThatThrownBy(() -> LlmRouterImporter.read(fixture("llmrouter/dcrouter_preprocessed__train.json"), prices))
                .hasMessageContaining("scores entry 1").hasMessageContaining("qwen2.5-7b-instruct");
    }

    @Test
    void routeLlmMapsBooleansAndFixedTokenCostsForMmluFolderAndGsm8k() {
        List<RoutingExample> xs = RouteLlmImporter.read(fixture("routellm/mmlu_responses"), fixture("routellm/gsm8k_responses.csv"));
        Map<String, RoutingExample> ex = byId(xs);
        assertThat(ex).containsOnlyKeys("mmlu_anatomy:1", "mmlu_anatomy:2", "mmlu_anatomy:3", "gsm8k:1", "gsm8k:2");

        RoutingExample femur = ex.get("mmlu_anatomy:1");
        assertThat(femur.task()).isEqualTo("mmlu_anatomy");
        assertThat(femur.prompt()).isEqualTo("Which bone is in the thigh?\nA. femur\nB. ulna");
        assertThat(ex.get("mmlu_anatomy:2").results().get("mistralai/Mixtral-8x7B-Instruct-v0.1").score()).isZero();
        assertThat(ex.get("mmlu_anatomy:2").results().get("gpt-4-1106-preview").score()).isEqualTo(1.0);

        RoutingExample robe = ex.get("gsm8k:2");
        assertThat(robe.task()).isEqualTo("gsm8k");
        assertThat(robe.results()).hasSize(2); // the _response columns are not models
        // 1000 tokens x $24.7/M and x $0.24/M
        assertThat(robe.results().get("gpt-4-1106-preview")).isEqualTo(new ModelResult(1.0, 0.0247));
        assertThat(robe.results().get("mistralai/Mixtral-8x7B-Instruct-v0.1").costUsd()).isCloseTo(0.00024, within(1e-12));
        assertThat(robe.results().get("mistralai/Mixtral-8x7B-Instruct-v0.1").score()).isZero();
    }

    @Test
    void routeLlmNamesThePhysicalLineOfABadCell() throws Exception {
        Path f = dir.resolve("mmlu_x.csv");
        // the first record spans lines 2-3, so the bad one starts on line 4
        Files.writeString(f, "prompt,gpt-4-1106-preview\n\"two\nlines\",True\nthird,maybe\n");
        assertThatThrownBy(() -> RouteLlmImporter.read(f)).hasMessageContaining("line 4").hasMessageContaining("maybe");
    }

    @Test
    void routeLlmRefusesToGuessAPriceForAnUnknownModel() throws Exception {
        Path f = dir.resolve("other.csv");
        Files.writeString(f, "prompt,some-other-model\nq,True\n");
        assertThatThrownBy(() -> RouteLlmImporter.read(f)).hasMessageContaining("line 1").hasMessageContaining("some-other-model");
    }

    @Test
    void routerBenchNamesTheLineOfABadNumber() throws Exception {
        List<String> lines = Files.readAllLines(fixture("routerbench/winograde_train.csv"));
        String header = lines.get(0);
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, String.join("\n", lines).replace(",1.0,", ",yes,") + "\n");
        assertThat(header).doesNotContain("yes");
        assertThatThrownBy(() -> RouterBenchImporter.read(f)).hasMessageContaining("line 2").hasMessageContaining("yes");
    }
}
