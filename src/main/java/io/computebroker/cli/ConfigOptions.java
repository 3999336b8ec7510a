package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoader;
import io.computebroker.config.ServerConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by commands that need configuration and the store. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (default: the built-in one)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the embedded store lives (default: server.dataDir, ./data)")
    Path dataDir;

    BrokerConfig load() {
        BrokerConfig c = config != null ? ConfigLoader.load(config) : ConfigLoader.defaults();
        return dataDir == null ? c : c.withServer(c.server().withDataDir(dataDir.toString()));
    }

    static BrokerConfig withPort(BrokerConfig c, Integer port) {
        if (port == null) return c;
        ServerConfig s = c.server().withPort(port);
        return c.withServer(s);
    }
}
