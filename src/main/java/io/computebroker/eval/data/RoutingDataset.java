package io.computebroker.eval.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes routing data sets as JSONL, one {@link RoutingExample} a line:
 * {@code {"id","prompt","task"?,"results":{"<model>":{"score","cost_usd","response"?}}}} ({@code response}, the
 * model's answer text, is optional: files without it still read, and it is written only when known).
 * Errors name the file and the 1-based line, because these files are edited and concatenated by hand.
 * Blank lines are skipped. Models are written in name order so the same data always gives the same bytes.
 */
public final class RoutingDataset {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RoutingDataset() {}

    public static List<RoutingExample> read(Path jsonl) {
        List<RoutingExample> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                try {
                    out.add(parse(text));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(jsonl + ": line " + line + ": not JSON: " + e.getOriginalMessage(), e);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(jsonl + ": line " + line + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl, e);
        }
        return out;
    }

    public static void write(Path jsonl, List<RoutingExample> examples) {
        try {
            Path parent = jsonl.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
                for (RoutingExample e : examples) {
                    w.write(JSON.writeValueAsString(toJson(e)));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jsonl, e);
        }
    }

    static ObjectNode toJson(RoutingExample e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.id());
        o.put("prompt", e.prompt());
        if (e.task() != null) o.put("task", e.task());
        ObjectNode results = o.putObject("results");
        for (Map.Entry<String, ModelResult> r : new TreeMap<>(e.results()).entrySet()) {
            ObjectNode m = results.putObject(r.getKey()).put("score", r.getValue().score()).put("cost_usd", r.getValue().costUsd());
            if (r.getValue().response() != null) m.put("response", r.getValue().response());
        }
        return o;
    }

    static RoutingExample parse(String line) throws JsonProcessingException {
        JsonNode o = JSON.readTree(line);
        if (o == null || !o.isObject()) throw new IllegalArgumentException("expected a JSON object");
        String id = text(o, "id", true);
        String prompt = text(o, "prompt", true);
        String task = text(o, "task", false);
        JsonNode results = o.get("results");
        if (results == null || !results.isObject()) throw new IllegalArgumentException("\"results\" must be an object of model -> {score, cost_usd}");
        Map<String, ModelResult> byModel = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = results.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            JsonNode r = m.getValue();
            if (!r.isObject()) throw new IllegalArgumentException("results." + m.getKey() + " must be an object");
            JsonNode response = r.get("response");
            if (response != null && !response.isNull() && !response.isTextual()) {
                throw new IllegalArgumentException("results." + m.getKey() + ".response must be a string");
            }
            byModel.put(m.getKey(), new ModelResult(number(r, m.getKey(), "score"), number(r, m.getKey(), "cost_usd"),
                    response == null || response.isNull() ? null : response.asText()));
        }
        return new RoutingExample(id, prompt, task, byModel);
    }

    private static String text(JsonNode o, String field, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException("\"" + field + "\" is required");
            return null;
        }
        if (!v.isTextual()) throw new IllegalArgumentException("\"" + field + "\" must be a string");
        return v.asText();
    }

    private static double number(JsonNode r, String model, String field) {
        JsonNode v = r.get(field);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException("results." + model + "." + field + " must be a number");
        return v.asDouble();
    }
}
