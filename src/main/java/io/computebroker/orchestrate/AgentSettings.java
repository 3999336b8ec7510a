package io.computebroker.orchestrate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.computebroker.orchestrate.tools.ToolRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orchestration plane's configuration, from {@code agents.yaml} in the data directory (built-in
 * defaults when there is none): the worker pool, leases, bounds on re-asking and tool turns, the tool
 * registry's settings, and the agent profiles. Unknown keys fail, naming the key.
 *
 * @param workers          tasks executed at once on this node (virtual threads, bounded)
 * @param leaseSeconds     how long a task or run lease lasts without a heartbeat; after a crash, work resumes after this
 * @param planAttempts     how many times an invalid plan is asked for again before the run fails
 * @param taskAttempts     how many times a task is tried (a crash or an upstream failure counts)
 * @param toolTurns        tool-call rounds per task before the model must answer
 * @param maxTokensPerCall output cap of each model call (it also bounds the worst case a call reserves)
 */
public record AgentSettings(Integer workers, Integer leaseSeconds, Integer planAttempts, Integer taskAttempts, Integer toolTurns,
                            Integer maxTokensPerCall, Tools tools, Map<String, AgentProfile> profiles) {
    /** @param sandbox read_file root; fetchAllow fetch_url URL prefixes; sql a jdbc URL for sql_query */
    public record Tools(String sandbox, List<String> fetchAllow, String sql) {}

    public AgentSettings {
        if (workers == null) workers = 8;
        if (leaseSeconds == null) leaseSeconds = 30;
        if (planAttempts == null) planAttempts = 3;
        if (taskAttempts == null) taskAttempts = 3;
        if (toolTurns == null) toolTurns = 4;
        if (maxTokensPerCall == null) maxTokensPerCall = 1024;
        if (tools == null) tools = new Tools(null, null, null);
        if (workers < 1 || workers > 1000) throw new IllegalArgumentException("workers must be within 1..1000");
        if (leaseSeconds < 1) throw new IllegalArgumentException("leaseSeconds must be >= 1");
        if (planAttempts < 1 || taskAttempts < 1) throw new IllegalArgumentException("planAttempts and taskAttempts must be >= 1");
        if (toolTurns < 0 || maxTokensPerCall < 16) throw new IllegalArgumentException("toolTurns must be >= 0, maxTokensPerCall >= 16");
        Map<String, AgentProfile> named = new LinkedHashMap<>();
        if (profiles != null) profiles.forEach((k, v) -> named.put(k, new AgentProfile(k, v == null ? null : v.tools(), v == null ? null : v.approve())));
        named.putIfAbsent("default", new AgentProfile("default", List.of("calculator"), null));
        profiles = Map.copyOf(named);
    }

    public static AgentSettings defaults() { return new AgentSettings(null, null, null, null, null, null, null, null); }

    public Optional<AgentProfile> profile(String name) { return Optional.ofNullable(profiles.get(name)); }

    public ToolRegistry registry() {
        ToolRegistry r = new ToolRegistry(tools.sandbox() == null ? null : Path.of(tools.sandbox()), tools.fetchAllow(), tools.sql());
        for (AgentProfile p : profiles.values()) {
            for (String t : p.tools()) {
                if (r.find(t).isEmpty()) throw new IllegalArgumentException("profiles." + p.name() + ".tools: '" + t
                        + "' is not a configured tool (" + String.join(", ", new java.util.TreeSet<>(r.names())) + ")");
            }
        }
        return r;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** {@code dataDir/agents.yaml}, or the defaults when absent. */
    public static AgentSettings load(Path dataDir) {
        Path file = dataDir.resolve("agents.yaml");
        if (!Files.exists(file)) return defaults();
        try {
            AgentSettings s = YAML.readValue(file.toFile(), AgentSettings.class);
            return s == null ? defaults() : s;
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new IllegalArgumentException(file + ": " + (root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
