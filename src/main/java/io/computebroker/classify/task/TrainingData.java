package io.computebroker.classify.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads labelled prompts from files, detecting the format per file and per record:
 * <ul>
 *   <li>ours: {@code {"text": …, "task": "translate"}} — task is a {@link TaskClass} wire name;
 *   <li>LLMRouter query data: {@code {"query": …, "task_name": "gsm8k", …}} — mapped by {@link LlmRouterTasks};
 *   <li>LLMRouter DC-router data: {@code {"question": …, "scores": …}} — carries no task name, so a record is
 *       labelled only when the same text appears labelled in another file given (all 5,608 of its
 *       questions are in the query data); the rest are counted as unlabelled and skipped.
 * </ul>
 * A file is a JSON array of such records, or JSON Lines (one per line). Prompts are de-duplicated by exact
 * text across all files, first occurrence wins, so a prompt cannot be in both training and held-out sets.
 */
public final class TrainingData {

    /** What one file contributed. */
    public record Source(Path file, List<LabeledPrompt> examples, int duplicates, int unlabeled) {}

    private TrainingData() {}

    public static List<Source> load(List<Path> files) {
        List<List<Record>> parsed = new ArrayList<>();
        Map<String, TaskClass> labelled = new HashMap<>();
        for (Path f : files) {
            List<Record> records = parse(f);
            parsed.add(records);
            for (Record r : records) if (r.task != null) labelled.putIfAbsent(r.text, r.task);
        }
        Set<String> seen = new HashSet<>();
        List<Source> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            List<LabeledPrompt> examples = new ArrayList<>();
            int duplicates = 0, unlabeled = 0;
            for (Record r : parsed.get(i)) {
                TaskClass task = r.task != null ? r.task : labelled.get(r.text);
                if (task == null) unlabeled++;
                else if (!seen.add(r.text)) duplicates++;
                else examples.add(new LabeledPrompt(r.text, task));
            }
            out.add(new Source(files.get(i), List.copyOf(examples), duplicates, unlabeled));
        }
        return out;
    }

    /** All examples of all sources, in order. */
    public static List<LabeledPrompt> all(List<Source> sources) {
        List<LabeledPrompt> all = new ArrayList<>();
        for (Source s : sources) all.addAll(s.examples());
        return all;
    }

    /** One record; {@code task} is null when the record carries no label of its own. */
    private record Record(String text, TaskClass task) {}

    private static List<Record> parse(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String trimmed = content.stripLeading();
            List<Record> records = new ArrayList<>();
            if (trimmed.startsWith("[")) {
                JsonNode array = Json.MAPPER.readTree(content);
                for (int i = 0; i < array.size(); i++) records.add(record(array.get(i), file, "element " + i));
                return records;
            }
            List<String> lines = content.lines().toList();
            for (int n = 1; n <= lines.size(); n++) {
                String line = lines.get(n - 1);
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + " line " + n + ": not JSON (expected a JSON array or JSON Lines)", e);
                }
                records.add(record(node, file, "line " + n));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training data " + file, e);
        }
    }

    private static Record record(JsonNode n, Path file, String where) {
        try {
            if (n.hasNonNull("text") && n.hasNonNull("task")) {
                return new Record(n.get("text").asText(), TaskClass.parse(n.get("task").asText()));
            }
            if (n.hasNonNull("query") && n.hasNonNull("task_name")) {
                return new Record(n.get("query").asText(), LlmRouterTasks.map(n.get("task_name").asText()));
            }
            if (n.hasNonNull("question")) return new Record(n.get("question").asText(), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " " + where + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " " + where + ": expected {\"text\",\"task\"}, {\"query\",\"task_name\"}"
                + " (LLMRouter) or {\"question\"} (LLMRouter DC-router) fields");
    }
}
