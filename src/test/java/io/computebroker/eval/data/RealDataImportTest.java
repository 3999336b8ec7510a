package io.computebroker.eval.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs each importer on the shared public files when they are there (../shared/data/routing from the
 * repository, or {@code -Drouting.data=DIR}) and prints the counts; skipped otherwise, since the data is
 * not part of the repository.
 */
class RealDataImportTest {
    static final Path ROOT = Path.of(System.getProperty("routing.data", "../shared/data/routing"));

    static void report(String name, List<RoutingExample> xs) {
        Map<String, Integer> tasks = new TreeMap<>(), models = new TreeMap<>();
        for (RoutingExample e : xs) {
            tasks.merge(String.valueOf(e.task()), 1, Integer::sum);
            e.results().keySet().forEach(m -> models.merge(m, 1, Integer::sum));
        }
        System.out.printf("[real data] %s: %d examples, %d tasks %s, models %s%n", name, xs.size(), tasks.size(),
                tasks.size() > 20 ? "(" + tasks.size() + " task names)" : tasks, models);
    }

    @Test
    void routerBench() {
        Path d = ROOT.resolve("routerbench");
        assumeTrue(Files.isDirectory(d), "no shared RouterBench data");
        RouterBenchImporter.Result r = RouterBenchImporter.readWithStats(d.resolve("arc_challenge_train.csv"),
                d.resolve("mbpp_train.csv"), d.resolve("winograde_train.csv"));
        System.out.printf("[real data] routerbench skipped: %d repeated ids, %d blank cells, %d empty rows%n",
                r.duplicates(), r.blankCells(), r.emptyRows());
        report("routerbench", r.examples());
        assertThat(r.examples()).isNotEmpty();
    }

    @Test
    void llmRouter() {
        Path d = ROOT.resolve("llmrouter");
        assumeTrue(Files.isDirectory(d), "no shared LLMRouter data");
        List<RoutingExample> xs = LlmRouterImporter.read(d.resolve("query_data__default_query_train.jsonl"),
                d.resolve("dcrouter_preprocessed__train.json"), d.resolve("llm_candidates__default_llm.json"));
        report("llmrouter", xs);
        assertThat(xs).isNotEmpty();
    }

    @Test
    void routeLlm() {
        Path d = ROOT.resolve("routellm");
        assumeTrue(Files.isDirectory(d), "no shared RouteLLM data");
        List<RoutingExample> xs = RouteLlmImporter.read(d.resolve("mmlu_responses"), d.resolve("gsm8k_responses.csv"));
        report("routellm", xs);
        assertThat(xs).isNotEmpty();
    }
}
