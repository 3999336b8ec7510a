package io.computebroker.eval.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports the LLMRouter / RouterDC files in {@code routing/llmrouter/}. Three files, told apart by shape:
 * <ul>
 *   <li>{@code dcrouter_preprocessed__train.json} — a JSON array of {@code {question, scores:{model: 0..1},
 *       cluster_id}}: <b>the only file with per-model scores</b>, so it is required;</li>
 *   <li>{@code llm_candidates__default_llm.json} — a JSON object of model → {@code {input_price,
 *       output_price}} in USD per million tokens: required, it is where costs come from;</li>
 *   <li>{@code query_data__default_query_train.jsonl} — {@code {task_name, query, ground_truth, …}}: no
 *       scores, only the task name; optional, joined on {@code query == question}.</li>
 * </ul>
 *
 * <p>Mapping: prompt = {@code question}; score = the published score (mostly 0/1, some partial credit);
 * task = {@code task_name} of the query with the same text, or none when the query file is absent, has no
 * such query, or gives the same text two different task names (6 texts in the real file) — never a guess.
 * id = {@code llmrouter:<n>}, the 1-based position in the scores file, which has no ids.
 *
 * <p><b>What the layout lacks:</b> token counts and costs. cost_usd is an estimate from the price table:
 * input tokens = ⌈prompt characters / 4⌉, output tokens = a fixed {@value #ASSUMED_OUTPUT_TOKENS};
 * cost = (input × input_price + output × output_price) / 10⁶. It is right in ranking the models
 * (they differ by price only) and in rough scale, not per call. A scored model missing from the price
 * table is an error, not a zero.
 */
public final class LlmRouterImporter {
    /** Output tokens assumed per call: the data records no completions, so one fixed length for all. */
    public static final int ASSUMED_OUTPUT_TOKENS = 256;
    /** Characters per token for the input estimate (the usual rule of thumb for English with BPE). */
    public static final int CHARS_PER_TOKEN = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    record Price(double inputPerMtok, double outputPerMtok) {}

    private LlmRouterImporter() {}

    public static List<RoutingExample> read(Path... files) {
        JsonNode scores = null;
        Map<String, Price> prices = null;
        Map<String, String> tasks = Map.of();
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".jsonl")) { tasks = readTasks(f); continue; }
            JsonNode root = readJson(f);
            if (root.isArray()) scores = root;
            else if (root.isObject()) prices = readPrices(f, root);
            else throw new IllegalArgumentException(f + ": expected a JSON array (scores) or object (price table)");
        }
        if (scores == null) throw new IllegalArgumentException("no scores file: pass dcrouter_preprocessed__train.json "
                + "(query_data__*.jsonl has task names only, no per-model scores)");
        if (prices == null) throw new IllegalArgumentException("no price table: pass llm_candidates__default_llm.json");
        return examples(scores, prices, tasks);
    }

    static double estimateCost(String prompt, Price p) {
        long in = (prompt.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        return (in * p.inputPerMtok() + ASSUMED_OUTPUT_TOKENS * p.outputPerMtok()) / 1_000_000.0;
    }

    private static List<RoutingExample> examples(JsonNode scores, Map<String, Price> prices, Map<String, String> tasks) {
        List<RoutingExample> out = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            JsonNode e = scores.get(i);
            String where = "scores entry " + (i + 1);
            JsonNode q = e.get("question"), s = e.get("scores");
            if (q == null || !q.isTextual()) throw new IllegalArgumentException(where + ": \"question\" must be a string");
            if (s == null || !s.isObject()) throw new IllegalArgumentException(where + ": \"scores\" must be an object");
            Map<String, ModelResult> results = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                if (m.getValue().isNull()) continue; // no result recorded: leave the model out
                if (!m.getValue().isNumber()) throw new IllegalArgumentException(where + ": score of " + m.getKey() + " is not a number");
                Price p = prices.get(m.getKey());
                if (p == null) throw new IllegalArgumentException(where + ": model " + m.getKey() + " is not in the price table");
                try {
                    results.put(m.getKey(), new ModelResult(m.getValue().asDouble(), estimateCost(q.asText(), p)));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(where + ": model " + m.getKey() + ": " + ex.getMessage(), ex);
                }
            }
            if (results.isEmpty()) continue;
            out.add(new RoutingExample("llmrouter:" + (i + 1), q.asText(), tasks.get(q.asText()), results));
        }
        return out;
    }

    private static Map<String, Price> readPrices(Path f, JsonNode root) {
        Map<String, Price> prices = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode in = m.getValue().get("input_price"), out = m.getValue().get("output_price");
            if (in == null || !in.isNumber() || out == null || !out.isNumber()) {
                throw new IllegalArgumentException(f + ": model " + m.getKey() + ": input_price and output_price must be numbers");
            }
            prices.put(m.getKey(), new Price(in.asDouble(), out.asDouble()));
        }
        return prices;
    }

    /** query text → task name; a text seen with two different names maps to null (ambiguous). */
    private static Map<String, String> readTasks(Path f) {
        Map<String, String> tasks = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                JsonNode o;
                try {
                    o = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(f + ": line " + line + ": not JSON: " + e.getOriginalMessage(), e);
                }
                JsonNode q = o.get("query"), t = o.get("task_name");
                if (q == null || !q.isTextual() || t == null || !t.isTextual()) {
                    throw new IllegalArgumentException(f + ": line " + line + ": \"query\" and \"task_name\" must be strings");
                }
                if (tasks.containsKey(q.asText()) && !t.asText().equals(tasks.get(q.asText()))) tasks.put(q.asText(), null);
                else if (!tasks.containsKey(q.asText())) tasks.put(q.asText(), t.asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        return tasks;
    }

    private static JsonNode readJson(Path f) {
        try {
            return JSON.readTree(f.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(f + ": line " + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
