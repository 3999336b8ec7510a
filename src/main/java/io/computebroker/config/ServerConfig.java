package io.computebroker.config;

/** Listener and limits. {@code maxBodyBytes} bounds every request body (413 beyond it). */
public record ServerConfig(String host, Integer port, Long maxBodyBytes, String dataDir, String secretsFile, String policyFile) {
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

    public ServerConfig {
        if (host == null) host = "0.0.0.0";
        if (port == null) port = 8080;
        if (maxBodyBytes == null) maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        if (dataDir == null) dataDir = "./data";
        if (port < 0 || port > 65535) throw new IllegalArgumentException("server.port must be within 0..65535");
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("server.maxBodyBytes must be >= 1024");
    }

    public static ServerConfig defaults() { return new ServerConfig(null, null, null, null, null, null); }

    public ServerConfig withPort(int p) { return new ServerConfig(host, p, maxBodyBytes, dataDir, secretsFile, policyFile); }

    public ServerConfig withPolicyFile(String f) { return new ServerConfig(host, port, maxBodyBytes, dataDir, secretsFile, f); }

    public ServerConfig withDataDir(String d) { return new ServerConfig(host, port, maxBodyBytes, d, secretsFile, policyFile); }
}
