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

    @Option(names = "--store", paramLabel = "URL", description = "postgres://user@host:5432/db for many nodes (default: SQLite in the data dir)")
    String store;

    BrokerConfig load() {
        BrokerConfig c = config != null ? ConfigLoader.load(config) : ConfigLoader.defaults();
        if (store != null) c = c.withLedger(c.ledger().withStore(store));
        return dataDir == null ? c : c.withServer(c.server().withDataDir(dataDir.toString()));
    }

    /** Opens the configured store (PostgreSQL or the SQLite data directory). */
    io.computebroker.store.Database openStore() {
        BrokerConfig c = load();
        return io.computebroker.store.Database.open(c.ledger().store(), Path.of(c.server().dataDir()));
    }

    static BrokerConfig withPort(BrokerConfig c, Integer port) {
        if (port == null) return c;
        ServerConfig s = c.server().withPort(port);
        return c.withServer(s);
    }
}
