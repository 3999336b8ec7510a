package io.computebroker.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Lets tests in other packages parse YAML config text. */
public final class ConfigLoaderAccess {
    private ConfigLoaderAccess() {}

    public static BrokerConfig parse(String yaml) throws java.io.IOException {
        return ConfigLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
