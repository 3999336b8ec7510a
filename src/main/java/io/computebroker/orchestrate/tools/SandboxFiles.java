package io.computebroker.orchestrate.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code read_file}: reads a text file under the sandbox folder. The path is resolved and its real path
 * (symlinks followed) must stay inside the sandbox, so neither "../" nor a link leads out.
 */
public final class SandboxFiles implements AgentTool {
    private final Path root;

    public SandboxFiles(Path sandbox) {
        try {
            this.root = sandbox.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("tools.sandbox '" + sandbox + "' does not exist", e);
        }
    }

    @Override public String name() { return "read_file"; }

    @Override public String description() { return "Reads a text file from the sandbox folder; path is relative to it"; }

    @Override
    public JsonNode inputSchema() {
        var s = Json.object().put("type", "object");
        s.putObject("properties").putObject("path").put("type", "string").put("description", "file path relative to the sandbox");
        s.putArray("required").add("path");
        return s;
    }

    @Override
    public String run(JsonNode arguments) throws ToolFailure {
        String rel = AgentTool.requiredText(arguments, "path");
        Path real;
        try {
            real = root.resolve(rel).normalize().toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ToolFailure("no such file in the sandbox: " + rel);
        }
        if (!real.startsWith(root)) throw new ToolFailure("path leaves the sandbox: " + rel);
        if (!Files.isRegularFile(real)) throw new ToolFailure("not a file: " + rel);
        try (InputStream in = Files.newInputStream(real)) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT * 4);
            return AgentTool.clip(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ToolFailure("cannot read " + rel + ": " + e.getMessage());
        }
    }
}
