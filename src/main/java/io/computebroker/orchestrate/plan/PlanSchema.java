package io.computebroker.orchestrate.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The published plan schema ({@code /orchestrate/plan.schema.json}, served at GET /v1/runs/plan-schema)
 * and its validator. The validator checks every constraint of the schema plus what a schema cannot say:
 * dependencies name tasks of the same list, there is no cycle, tools exist in the registry, the plan fits
 * the run's task limit. It reports every problem at once, each naming its JSON path, because the list is
 * sent back to the planner model when it is re-asked.
 */
public final class PlanSchema {
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,40}$");
    private static final Set<String> TASK_KEYS = Set.of("id", "instruction", "task_class", "depends_on", "tools", "acceptance");
    private static final String TEXT = load();

    private PlanSchema() {}

    /** The schema document, as published. */
    public static String text() { return TEXT; }

    /** A plan (or a worker's subtask list) that does not validate; {@link #problems} name JSON paths. */
    public static final class InvalidPlan extends Exception {
        private final List<String> problems;

        public InvalidPlan(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() { return problems; }
    }

    /**
     * Validates {@code root} ({@code {"tasks": [...]}}, or the same under {@code listKey}).
     *
     * @param knownTools tool names that exist
     * @param maxTasks   how many tasks the list may hold
     */
    public static List<PlannedTask> validate(JsonNode root, String listKey, Set<String> knownTools, int maxTasks) throws InvalidPlan {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) throw new InvalidPlan(List.of("$: expected a JSON object with a '" + listKey + "' array"));
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals(listKey) && !(listKey.equals("subtasks") && f.equals("result"))) problems.add("$." + f + ": unknown property");
        }
        JsonNode list = root.get(listKey);
        if (list == null || !list.isArray()) throw new InvalidPlan(List.of("$." + listKey + ": required, must be an array of tasks"));
        if (list.isEmpty()) problems.add("$." + listKey + ": must hold at least one task");
        if (list.size() > maxTasks) problems.add("$." + listKey + ": " + list.size() + " tasks, but at most " + maxTasks + " are allowed");
        Map<String, PlannedTask> byId = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            PlannedTask t = task(list.get(i), "$." + listKey + "[" + i + "]", knownTools, problems);
            if (t != null && byId.putIfAbsent(t.id(), t) != null) problems.add("$." + listKey + "[" + i + "].id: '" + t.id() + "' is used twice");
        }
        for (PlannedTask t : byId.values()) {
            for (String d : t.dependsOn()) {
                if (d.equals(t.id())) problems.add("task " + t.id() + ": depends on itself");
                else if (!byId.containsKey(d)) problems.add("task " + t.id() + ": depends_on names '" + d + "', which is not a task of this list");
            }
        }
        if (problems.isEmpty()) {
            String cycle = cycle(byId);
            if (cycle != null) problems.add("depends_on forms a cycle: " + cycle);
        }
        if (!problems.isEmpty()) throw new InvalidPlan(problems);
        return List.copyOf(byId.values());
    }

    private static PlannedTask task(JsonNode n, String at, Set<String> knownTools, List<String> problems) {
        if (!n.isObject()) {
            problems.add(at + ": expected an object");
            return null;
        }
        int before = problems.size();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TASK_KEYS.contains(f)) problems.add(at + "." + f + ": unknown property (allowed: " + String.join(", ", TASK_KEYS) + ")");
        }
        String id = string(n, "id", at, 40, problems);
        if (id != null && !ID.matcher(id).matches()) problems.add(at + ".id: must match " + ID.pattern());
        String instruction = string(n, "instruction", at, 4000, problems);
        String acceptance = string(n, "acceptance", at, 2000, problems);
        TaskClass taskClass = null;
        String cls = string(n, "task_class", at, 20, problems);
        if (cls != null) {
            try {
                taskClass = TaskClass.parse(cls);
            } catch (IllegalArgumentException e) {
                problems.add(at + ".task_class: " + e.getMessage());
            }
        }
        List<String> deps = strings(n, "depends_on", at, problems);
        List<String> tools = strings(n, "tools", at, problems);
        for (String tool : tools) {
            if (!knownTools.contains(tool)) problems.add(at + ".tools: no tool named '" + tool + "' (available: "
                    + (knownTools.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(knownTools))) + ")");
        }
        if (problems.size() > before) return null;
        return new PlannedTask(id, instruction, taskClass, deps, tools, acceptance);
    }

    private static String string(JsonNode n, String key, String at, int max, List<String> problems) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            problems.add(at + "." + key + ": required");
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(at + "." + key + ": must be a non-empty string");
            return null;
        }
        if (v.asText().length() > max) {
            problems.add(at + "." + key + ": longer than " + max + " characters");
            return null;
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String key, String at, List<String> problems) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) {
            problems.add(at + "." + key + ": must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual()) problems.add(at + "." + key + ": must be an array of strings");
            else if (out.contains(x.asText())) problems.add(at + "." + key + ": '" + x.asText() + "' appears twice");
            else out.add(x.asText());
        }
        return out;
    }

    /** A dependency cycle as "a → b → a", or null. Depth-first with colours. */
    private static String cycle(Map<String, PlannedTask> byId) {
        Map<String, Integer> colour = new HashMap<>();
        for (String start : byId.keySet()) {
            List<String> path = new ArrayList<>();
            String found = visit(start, byId, colour, path);
            if (found != null) return found;
        }
        return null;
    }

    private static String visit(String id, Map<String, PlannedTask> byId, Map<String, Integer> colour, List<String> path) {
        int c = colour.getOrDefault(id, 0);
        if (c == 2) return null;
        path.add(id);
        if (c == 1) return String.join(" → ", path.subList(path.indexOf(id), path.size()));
        colour.put(id, 1);
        for (String d : byId.get(id).dependsOn()) {
            String found = visit(d, byId, colour, path);
            if (found != null) return found;
        }
        colour.put(id, 2);
        path.removeLast();
        return null;
    }

    /**
     * The JSON object in a model's answer: the whole text, or the part inside a ```json fence, or from
     * the first '{' to the last '}'. Null when there is none that parses.
     */
    public static JsonNode extract(String text) {
        if (text == null) return null;
        String t = text.strip();
        int fence = t.indexOf("```");
        if (fence >= 0) {
            int start = t.indexOf('\n', fence);
            int end = t.indexOf("```", start < 0 ? fence + 3 : start);
            if (start >= 0 && end > start) t = t.substring(start + 1, end).strip();
        }
        int open = t.indexOf('{'), close = t.lastIndexOf('}');
        if (open < 0 || close < open) return null;
        try {
            JsonNode n = Json.MAPPER.readTree(t.substring(open, close + 1));
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String load() {
        try (InputStream in = PlanSchema.class.getResourceAsStream("/orchestrate/plan.schema.json")) {
            if (in == null) throw new IllegalStateException("plan.schema.json is missing from the jar");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
