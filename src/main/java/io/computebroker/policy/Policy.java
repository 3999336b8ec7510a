package io.computebroker.policy;

import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.identify.Principal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated, immutable policy with its version (a hash of the file's bytes, so the same content is
 * always the same version). Lookups here are plain map reads: the decide stage calls them per candidate.
 */
public final class Policy {
    private final String version;
    private final PolicyDefaults defaults;
    private final List<Rule> rules;
    private final Map<String, EnumMap<TaskClass, Double>> quality = new HashMap<>();
    private final Map<String, Double> qualityDefault = new HashMap<>();
    private final EnumMap<TaskClass, Double> floors = new EnumMap<>(TaskClass.class);
    private final EnumMap<TaskClass, Integer> outputTokens = new EnumMap<>(TaskClass.class);

    private final io.computebroker.eval.router.AcceptanceModel learned;

    public Policy(String version, PolicyFile file) {
        this.version = version;
        LearnedRouting lr = file.defaults().learned();
        try {
            this.learned = lr == null ? null : io.computebroker.eval.router.AcceptanceModel.load(java.nio.file.Path.of(lr.model()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("defaults.learned.model: cannot load router '" + lr.model() + "': " + e.getMessage(), e);
        }
        if (learned != null) {
            for (var entry : lr.names().entrySet()) {
                if (!learned.models().contains(entry.getValue())) {
                    throw new IllegalArgumentException("defaults.learned.names." + entry.getKey() + ": the router knows no model '"
                            + entry.getValue() + "' (it knows " + learned.models() + ")");
                }
            }
        }
        this.defaults = file.defaults();
        this.rules = file.rules();
        for (int i = 0; i < rules.size(); i++) validate(rules.get(i), "rules[" + i + "]");
        fill(floors, file.defaults().qualityFloor(), "defaults.qualityFloor");
        fill(outputTokens, file.defaults().expectedOutputTokens(), "defaults.expectedOutputTokens");
        file.quality().forEach((model, byTask) -> {
            EnumMap<TaskClass, Double> m = new EnumMap<>(TaskClass.class);
            byTask.forEach((task, q) -> {
                if (q == null || q < 0 || q > 1) throw new IllegalArgumentException("quality." + model + "." + task + " must be within 0..1");
                if (task.equals("default")) qualityDefault.put(model, q);
                else m.put(parseTask(task, "quality." + model), q);
            });
            quality.put(model, m);
        });
    }

    private static <V> void fill(EnumMap<TaskClass, V> target, Map<String, V> source, String at) {
        V fallback = source.get("default");
        for (TaskClass t : TaskClass.values()) {
            V v = source.get(t.wire());
            if (v == null) v = fallback;
            if (v == null) throw new IllegalArgumentException(at + " needs a 'default' entry or one per task class (missing " + t.wire() + ")");
            target.put(t, v);
        }
        source.keySet().forEach(k -> { if (!k.equals("default")) parseTask(k, at); });
    }

    private static void validate(Rule r, String at) {
        r.match().task().forEach(t -> parseTask(t, at + ".match.task"));
        r.match().sensitivity().forEach(s -> {
            try {
                Sensitivity.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".match.sensitivity: " + e.getMessage());
            }
        });
    }

    private static TaskClass parseTask(String t, String at) {
        try {
            return TaskClass.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
    }

    public String version() { return version; }

    public PolicyDefaults defaults() { return defaults; }

    public List<Rule> rules() { return rules; }

    /** The rule with this name, or null ("default" and unknown names have none). */
    public Rule rule(String name) {
        for (Rule r : rules) if (r.name().equals(name)) return r;
        return null;
    }

    /** The first rule that matches, or null when none does. */
    public Rule match(Signals s, Principal p, String requestedModel) {
        for (Rule r : rules) if (matches(r.match(), s, p, requestedModel)) return r;
        return null;
    }

    static boolean matches(Match m, Signals s, Principal p, String requestedModel) {
        return in(m.tenant(), p.tenant()) && in(m.key(), p.keyId()) && in(m.feature(), s.feature())
                && in(m.task(), s.task().wire()) && in(m.sensitivity(), s.sensitivity().wire()) && in(m.model(), requestedModel)
                && (m.minTokens() == null || s.promptTokens() >= m.minTokens())
                && (m.maxTokens() == null || s.promptTokens() <= m.maxTokens());
    }

    private static boolean in(List<String> allowed, String value) {
        return allowed.isEmpty() || (value != null && allowed.contains(value));
    }

    /** Expected share of acceptable answers of this model on this task class. */
    public double quality(String modelId, TaskClass task) {
        EnumMap<TaskClass, Double> m = quality.get(modelId);
        Double q = m == null ? null : m.get(task);
        if (q == null) q = qualityDefault.get(modelId);
        return q == null ? defaults.unknownQuality() : q;
    }

    /** The quality floor for a task, raised for complex prompts (hard work needs a better model). */
    public double floor(TaskClass task, double complexity, Double ruleFloor) {
        double base = ruleFloor != null ? ruleFloor : floors.get(task);
        return Math.min(0.99, base + defaults.complexityWeight() * Math.max(0, Math.min(1, complexity)));
    }

    public int expectedOutputTokens(TaskClass task) { return outputTokens.get(task); }

    /**
     * The learned router's predicted acceptance per catalog model for this prompt, or null when the
     * policy has no learned router. Catalog models the router does not know are absent from the map.
     */
    public java.util.Map<String, Double> learnedAcceptance(String text, TaskClass task) {
        if (learned == null || text == null) return null;
        java.util.Map<String, Double> byRouterName = learned.acceptance(text, task.wire());
        java.util.Map<String, Double> out = new java.util.HashMap<>();
        defaults.learned().names().forEach((catalog, routerName) -> {
            Double p = byRouterName.get(routerName);
            if (p != null) out.put(catalog, p);
        });
        return out;
    }
}
