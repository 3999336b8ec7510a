package io.computebroker.eval.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.eval.data.ModelResult;
import io.computebroker.eval.data.RoutingExample;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader/writer of RoutingExample JSONL, here only until the data package's own reader lands
 * (then this should go). Blank lines are skipped; a bad line fails with its file and line number.
 */
public final class ExamplesJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExamplesJsonl() {}

    public static List<RoutingExample> read(Path file) {
        List<RoutingExample> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                try {
                    out.add(parse(JSON.readTree(line)));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(file + ":" + no + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    static RoutingExample parse(JsonNode n) {
        Map<String, ModelResult> results = new LinkedHashMap<>();
        n.path("results").fields().forEachRemaining(f -> results.put(f.getKey(),
                new ModelResult(f.getValue().path("score").asDouble(Double.NaN), f.getValue().path("cost_usd").asDouble(Double.NaN),
                        f.getValue().path("response").isTextual() ? f.getValue().path("response").asText() : null)));
        JsonNode task = n.get("task");
        return new RoutingExample(n.path("id").asText(null), n.path("prompt").asText(null),
                task == null || task.isNull() ? null : task.asText(), results);
    }

    /** Every example of every file, in order (training commands take several files). */
    public static List<RoutingExample> readAll(List<Path> files) {
        List<RoutingExample> all = new java.util.ArrayList<>();
        for (Path f : files) all.addAll(read(f));
        return all;
    }

    public static void write(Path file, List<RoutingExample> examples) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (RoutingExample e : examples) {
                ObjectNode o = JSON.createObjectNode().put("id", e.id()).put("prompt", e.prompt());
                if (e.task() != null) o.put("task", e.task());
                ObjectNode rs = o.putObject("results");
                e.results().forEach((m, r) -> {
                    ObjectNode x = rs.putObject(m).put("score", r.score()).put("cost_usd", r.costUsd());
                    if (r.response() != null) x.put("response", r.response());
                });
                w.write(JSON.writeValueAsString(o));
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
