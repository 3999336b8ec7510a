package io.computebroker.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Parses configuration given as YAML text (benchmarks and tools that build their own small fleets). */
public final class ConfigLoaderYaml {
    private ConfigLoaderYaml() {}

    public static BrokerConfig parse(String yaml) {
        try {
            return ConfigLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
