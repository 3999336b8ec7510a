package io.computebroker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Provider API keys: from the environment first, then from an optional secrets file
 * ({@code NAME=value} lines, e.g. a mounted Kubernetes secret). Values are never logged or printed.
 */
public final class Secrets {
    private final Map<String, String> env;
    private final Properties file = new Properties();

    public Secrets(Map<String, String> env, Path secretsFile) {
        this.env = Map.copyOf(env);
        if (secretsFile != null) {
            try (Reader r = Files.newBufferedReader(secretsFile)) {
                file.load(r);
            } catch (IOException e) {
                throw new ConfigLoader.ConfigException("cannot read secrets file " + secretsFile + ": " + e.getMessage(), e);
            }
        }
    }

    public static Secrets fromEnvironment(Path secretsFile) { return new Secrets(System.getenv(), secretsFile); }

    public Optional<String> get(String name) {
        if (name == null) return Optional.empty();
        String v = env.get(name);
        if (v == null || v.isBlank()) v = file.getProperty(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    @Override
    public String toString() { return "Secrets[redacted]"; }
}
