package io.computebroker.eval.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports the RouterBench slice published by RouterDC ({@code routing/routerbench/*_train.csv}).
 *
 * <p>Header: an unnamed pandas index, {@code sample_id}, {@code prompt}, {@code eval_name}, then per model
 * a correctness column named after the model, {@code <model>|model_response} and {@code <model>|total_cost},
 * then {@code oracle_model_to_route_to}. A model is every column {@code X} for which {@code X|total_cost}
 * also exists, so the importer follows the header rather than a hard-coded model list.
 *
 * <p>Mapping: id = {@code sample_id}; prompt = {@code prompt} verbatim (it is the Python-list-as-string
 * 5-shot prompt the benchmark sent; not unwrapped, because the shots are part of what was priced);
 * task = {@code eval_name} (arc-challenge, mbpp, winogrande); score = the 0/1 correctness column;
 * cost_usd = {@code <model>|total_cost}, RouterBench's USD for that call; response = {@code <model>|model_response}
 * unwrapped from the Python list repr it is stored as ({@code "['B\n']"} becomes {@code "B\n"}; a cell that is
 * not such a list is kept verbatim; a blank cell gives no response). Responses let a cascade's checks
 * (agreement between models, format) be evaluated offline.
 *
 * <p>What the layout lacks or gets wrong, and what is done about it: some cells are blank (a model
 * with no recorded result) — that model is left out of that example, never filled in; a row where no
 * model has both a score and a cost is dropped. A few {@code sample_id}s repeat with a different
 * prompt (arc-challenge): the first row wins and later ones are counted in {@link Result#duplicates()},
 * as the data's README asks. The oracle column is not carried over.
 */
public final class RouterBenchImporter {
    private static final String COST_SUFFIX = "|total_cost";
    private static final String RESPONSE_SUFFIX = "|model_response";

    /** Examples plus what was skipped, so the CLI can say so. */
    public record Result(List<RoutingExample> examples, int duplicates, int blankCells, int emptyRows) {}

    private RouterBenchImporter() {}

    public static List<RoutingExample> read(Path... csvFiles) {
        return readWithStats(csvFiles).examples();
    }

    public static Result readWithStats(Path... csvFiles) {
        List<RoutingExample> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int duplicates = 0, blanks = 0, empty = 0;
        for (Path file : csvFiles) {
            List<Csv.Row> rows = Csv.read(file);
            if (rows.isEmpty()) throw new IllegalArgumentException(file + ": empty file, expected a RouterBench header");
            List<String> header = rows.get(0).fields();
            int id = column(header, "sample_id", file), prompt = column(header, "prompt", file), task = column(header, "eval_name", file);
            Map<String, int[]> models = models(header, file);
            Map<String, Integer> responses = new HashMap<>();
            for (String m : models.keySet()) {
                int r = header.indexOf(m + RESPONSE_SUFFIX);
                if (r >= 0) responses.put(m, r);
            }
            for (Csv.Row row : rows.subList(1, rows.size())) {
                String where = file + ": line " + row.line();
                if (row.fields().size() != header.size()) {
                    throw new IllegalArgumentException(where + ": expected " + header.size() + " columns, found " + row.fields().size());
                }
                String sampleId = row.get(id).strip();
                if (sampleId.isEmpty()) throw new IllegalArgumentException(where + ": sample_id is empty");
                if (!seen.add(sampleId)) { duplicates++; continue; }
                Map<String, ModelResult> results = new LinkedHashMap<>();
                for (Map.Entry<String, int[]> m : models.entrySet()) {
                    String score = row.get(m.getValue()[0]).strip(), cost = row.get(m.getValue()[1]).strip();
                    if (score.isEmpty() || cost.isEmpty()) { blanks++; continue; }
                    try {
                        Integer rc = responses.get(m.getKey());
                        String response = rc == null || row.get(rc).isBlank() ? null : PyList.unwrap(row.get(rc));
                        results.put(m.getKey(), new ModelResult(Double.parseDouble(score), Double.parseDouble(cost), response));
                    } catch (IllegalArgumentException e) { // NumberFormatException is one
                        throw new IllegalArgumentException(where + ": model " + m.getKey() + ": " + e.getMessage(), e);
                    }
                }
                if (results.isEmpty()) { empty++; continue; }
                String t = row.get(task).strip();
                out.add(new RoutingExample(sampleId, row.get(prompt), t.isEmpty() ? null : t, results));
            }
        }
        return new Result(out, duplicates, blanks, empty);
    }

    /** model name → {score column, cost column}, in header order. */
    private static Map<String, int[]> models(List<String> header, Path file) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) index.putIfAbsent(header.get(i), i);
        Map<String, int[]> models = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer cost = index.get(header.get(i) + COST_SUFFIX);
            if (!header.get(i).contains("|") && cost != null) models.put(header.get(i), new int[] {i, cost});
        }
        if (models.isEmpty()) throw new IllegalArgumentException(file + ": line 1: no model columns (a column X with a matching X" + COST_SUFFIX + ")");
        return models;
    }

    private static int column(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) throw new IllegalArgumentException(file + ": line 1: missing column '" + name + "'");
        return i;
    }
}
