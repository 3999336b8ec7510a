package io.computebroker.orchestrate.tools;

import io.computebroker.core.Tool;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tools this broker can run for agents. Only configured tools exist: {@code calculator} always,
 * {@code read_file} with a sandbox folder, {@code fetch_url} with an allow-list, {@code sql_query} with a
 * database. Which of them a run may use is its agent profile's business, not the registry's.
 */
public final class ToolRegistry {
    private final Map<String, AgentTool> tools = new LinkedHashMap<>();

    /** @param sandbox null: no read_file; fetchAllow empty: no fetch_url; sqlUrl null: no sql_query */
    public ToolRegistry(Path sandbox, List<String> fetchAllow, String sqlUrl) {
        add(new Calculator());
        if (sandbox != null) add(new SandboxFiles(sandbox));
        if (fetchAllow != null && !fetchAllow.isEmpty()) add(new LocalFetch(fetchAllow));
        if (sqlUrl != null) add(new ReadOnlySql(sqlUrl));
    }

    private void add(AgentTool t) { tools.put(t.name(), t); }

    public Optional<AgentTool> find(String name) { return Optional.ofNullable(tools.get(name)); }

    public Set<String> names() { return Set.copyOf(tools.keySet()); }

    /** The tool definitions offered to a model, in the canonical request form. */
    public List<Tool> definitions(List<String> names) {
        return names.stream().map(tools::get).filter(java.util.Objects::nonNull)
                .map(t -> new Tool(t.name(), t.description(), t.inputSchema(), null)).toList();
    }
}
