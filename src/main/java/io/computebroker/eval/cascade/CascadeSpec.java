package io.computebroker.eval.cascade;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.computebroker.policy.Cascade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An offline cascade: per task tag, either a fixed model ({@code route}) or a {@link Cascade}
 * ({@code check}, {@code models}, {@code quorum}) with the model it escalates to. Written by
 * {@code tune-cascade}, or by hand; read by {@code eval --cascade}.
 *
 * <pre>
 * escalate: gpt-4-1106-preview            # default escalation (optional; else eval's --router decides per knob)
 * tasks:
 *   arc-challenge: {check: agree, models: [mistralai/mixtral-8x7b-chat, zero-one-ai/Yi-34B-Chat]}
 *   mbpp: {route: gpt-3.5-turbo-1106}
 *   "*": {route: gpt-4-1106-preview}      # any other task (optional)
 * </pre>
 * The check is the live one ({@link Cascade}), so what is measured here is what a policy rule
 * {@code set: {cascade: {check: agree, models: […]}}} does with the same models.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CascadeSpec(String escalate, Map<String, Plan> tasks) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One task's plan: {@code route} alone, or {@code check} + {@code models} (+ {@code quorum}, {@code escalate}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Plan(String route, String check, List<String> models, Double quorum, String escalate) {
        public Plan {
            models = models == null ? null : List.copyOf(models);
            if (route != null && (check != null || models != null || quorum != null || escalate != null)) {
                throw new IllegalArgumentException("a plan is either {route} or {check, models, quorum?, escalate?}, not both");
            }
            if (route == null && check == null) throw new IllegalArgumentException("a plan needs route or check");
            if (route == null) {
                Cascade c = new Cascade(check, models, quorum);   // validates check, models and quorum
                if (c.models().isEmpty()) throw new IllegalArgumentException("an offline cascade needs models (who answers first)");
            }
        }

        public static Plan route(String model) { return new Plan(model, null, null, null, null); }

        public Cascade cascade() { return route != null ? null : new Cascade(check, models, quorum); }
    }

    public CascadeSpec {
        tasks = tasks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    /** The plan for a task: its own, else {@code "*"}, else null (the router or {@link #escalate} serves it). */
    public Plan planFor(String task) {
        Plan p = task == null ? null : tasks.get(task);
        return p != null ? p : tasks.get("*");
    }

    public static CascadeSpec load(Path file) {
        try {
            CascadeSpec s = YAML.readValue(file.toFile(), CascadeSpec.class);
            if (s == null) throw new IllegalArgumentException(file + ": empty cascade file");
            return s;
        } catch (IOException e) {
            Throwable c = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException(file + ": " + c.getMessage(), e);
        }
    }

    public void save(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
