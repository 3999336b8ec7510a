package io.computebroker.eval.router;

import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test-scope converter of the RouterBench CSV slice (RouterDC's routerbench_zs) to RoutingExamples, only
 * until the data package's importer lands. Columns are found from the header: a model is any column X
 * with a sibling "X|total_cost"; its score is column X (0/1), its cost that sibling. The prompt is a
 * Python list literal of one string; the outer ['…'] is peeled and the common escapes undone.
 * Repeated sample_ids keep the first row, as the data's README asks.
 */
final class RouterBenchCsv {
    private RouterBenchCsv() {}

    static List<RoutingExample> read(Path csv) throws IOException {
        List<List<String>> rows = parse(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = rows.getFirst();
        int id = header.indexOf("sample_id"), prompt = header.indexOf("prompt"), task = header.indexOf("eval_name");
        if (id < 0 || prompt < 0 || task < 0) throw new IOException(csv + ": missing sample_id/prompt/eval_name columns");
        Map<String, int[]> models = new LinkedHashMap<>();   // model -> {score col, cost col}
        for (int c = 0; c < header.size(); c++) {
            int cost = header.indexOf(header.get(c) + "|total_cost");
            if (cost >= 0) models.put(header.get(c), new int[]{c, cost});
        }
        List<RoutingExample> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            if (r.size() != header.size() || !seen.add(r.get(id))) continue;
            Map<String, ModelResult> results = new LinkedHashMap<>();
            models.forEach((m, c) -> {
                String s = r.get(c[0]), k = r.get(c[1]);
                if (!s.isBlank() && !k.isBlank()) results.put(m, new ModelResult(Double.parseDouble(s), Double.parseDouble(k)));
            });
            if (!results.isEmpty()) out.add(new RoutingExample(r.get(id), unlist(r.get(prompt)), r.get(task), results));
        }
        return out;
    }

    static String unlist(String s) {
        String t = s.strip();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1).strip();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"') && t.charAt(t.length() - 1) == t.charAt(0)) {
            t = t.substring(1, t.length() - 1);
        }
        return t.replace("\\n", "\n").replace("\\'", "'").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** RFC 4180: quoted fields may hold commas, newlines and doubled quotes. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') { f.append('"'); i++; }
                    else quoted = false;
                } else f.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') { row.add(f.toString()); f.setLength(0); }
            else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(f.toString()); f.setLength(0);
                rows.add(row); row = new ArrayList<>();
            } else f.append(c);
        }
        if (f.length() > 0 || !row.isEmpty()) { row.add(f.toString()); rows.add(row); }
        return rows;
    }
}
