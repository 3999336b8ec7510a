package io.computebroker.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads YAML (or JSON) configuration into {@link BrokerConfig}. Unknown keys fail, so a typo never
 * silently turns a setting off; every error names the offending key path.
 */
public final class ConfigLoader {
    public static final String DEFAULT_RESOURCE = "/config/default.yaml";
    public static final String DEMO_FLEET_RESOURCE = "/config/demo-fleet.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {}

    public static BrokerConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    public static BrokerConfig defaults() { return resource(DEFAULT_RESOURCE); }

    /** The built-in defaults plus the simulated demo fleet. */
    public static BrokerConfig demo() { return defaults().plus(resource(DEMO_FLEET_RESOURCE)); }

    public static BrokerConfig resource(String name) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(name)) {
            if (in == null) throw new ConfigException("config resource " + name + " is missing from the jar", null);
            return parse(in, name);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    static BrokerConfig parse(InputStream in, String source) throws IOException {
        try {
            return YAML.readValue(in, BrokerConfig.class);
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
            throw new ConfigException(source + ": " + pathOf(e) + msg, e);
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "" : "at " + sb + ": ";
    }

    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message, Throwable cause) { super(message, cause); }
    }
}
