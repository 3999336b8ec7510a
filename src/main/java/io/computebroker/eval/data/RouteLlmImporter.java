package io.computebroker.eval.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Imports RouteLLM's two-model evaluation files ({@code routing/routellm/}): the MMLU folder
 * {@code mmlu_responses/mmlu_<subject>.csv} and {@code gsm8k_responses.csv}. A directory argument means
 * every {@code *.csv} in it, in name order.
 *
 * <p>Header: {@code prompt}, then one True/False correctness column per model
 * ({@code mistralai/Mixtral-8x7B-Instruct-v0.1}, {@code gpt-4-1106-preview}); GSM8K adds
 * {@code <model>_response} text columns, which are ignored. Models are read from the header.
 *
 * <p>Mapping: score = 1 for True, 0 for False. task = the file name without {@code .csv} and without a
 * {@code _responses} suffix ({@code mmlu_anatomy}, {@code gsm8k}). id = {@code <task>:<row>} with the
 * 1-based data row, since the files carry no ids.
 *
 * <p><b>What the layout lacks:</b> per-call cost. RouteLLM measures cost as the share of calls sent to
 * the strong model; its paper prices GPT-4 at $24.7 and Mixtral at $0.24 per million tokens. cost_usd
 * here is that price times a fixed {@value #TOKENS_PER_CALL} tokens per call, for every prompt —
 * so it ranks the models (about 100:1) but says nothing about which prompts are expensive. Models
 * outside {@link #PRICE_PER_MTOK} are an error rather than a guessed price. Not imported: MT-Bench
 * (1–10 judge scores on two-turn conversations, not one prompt) and the {@code *_contaminated_prompts}
 * lists, which RouteLLM drops from its own evaluation (5 MMLU, 12 GSM8K prompts) — filter them if
 * your router was trained on RouteLLM's data. Blank correctness cells are left out, never guessed.
 */
public final class RouteLlmImporter {
    /** The fixed tokens-per-call assumption behind cost_usd (input and output together). */
    public static final int TOKENS_PER_CALL = 1000;
    /** USD per million tokens, as published with RouteLLM. */
    public static final Map<String, Double> PRICE_PER_MTOK = Map.of(
            "gpt-4-1106-preview", 24.7,
            "mistralai/Mixtral-8x7B-Instruct-v0.1", 0.24);

    private RouteLlmImporter() {}

    public static List<RoutingExample> read(Path... paths) {
        List<RoutingExample> out = new ArrayList<>();
        for (Path p : paths) for (Path file : csvFiles(p)) readFile(file, out);
        return out;
    }

    static double costPerCall(String model) {
        return PRICE_PER_MTOK.get(model) * TOKENS_PER_CALL / 1_000_000.0;
    }

    private static List<Path> csvFiles(Path p) {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + p, e);
        }
    }

    private static void readFile(Path file, List<RoutingExample> out) {
        List<Csv.Row> rows = Csv.read(file);
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": empty file, expected a RouteLLM header");
        List<String> header = rows.get(0).fields();
        int prompt = header.indexOf("prompt");
        if (prompt < 0) throw new IllegalArgumentException(file + ": line 1: missing column 'prompt'");
        Map<String, Integer> models = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (i == prompt || h.isBlank() || h.endsWith("_response")) continue;
            if (!PRICE_PER_MTOK.containsKey(h)) {
                throw new IllegalArgumentException(file + ": line 1: no published price for model column '" + h + "'");
            }
            models.put(h, i);
        }
        if (models.isEmpty()) throw new IllegalArgumentException(file + ": line 1: no model correctness columns");
        String task = file.getFileName().toString().replaceFirst("\\.csv$", "").replaceFirst("_responses$", "");
        for (int r = 1; r < rows.size(); r++) {
            Csv.Row row = rows.get(r);
            Map<String, ModelResult> results = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> m : models.entrySet()) {
                String v = row.get(m.getValue()).strip().toLowerCase(Locale.ROOT);
                if (v.isEmpty()) continue;
                double score = switch (v) {
                    case "true", "1", "1.0" -> 1;
                    case "false", "0", "0.0" -> 0;
                    default -> throw new IllegalArgumentException(file + ": line " + row.line() + ": model " + m.getKey()
                            + ": expected True or False, was '" + row.get(m.getValue()) + "'");
                };
                results.put(m.getKey(), new ModelResult(score, costPerCall(m.getKey())));
            }
            if (results.isEmpty()) continue;
            out.add(new RoutingExample(task + ":" + r, row.get(prompt), task, results));
        }
    }
}
