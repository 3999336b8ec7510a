package io.computebroker.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Holds the current policy and swaps it atomically when its file changes (checked every
 * {@link #POLL}). A new file that does not validate is logged and ignored: the old policy keeps
 * serving, because a typo must never take routing down. Versions are content hashes.
 */
public final class PolicyStore implements AutoCloseable {
    public static final String BUILT_IN = "/config/default-policy.yaml";
    static final Duration POLL = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(PolicyStore.class.getName());
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final AtomicReference<Policy> current;
    private final Path file;
    private volatile boolean closed;
    private Thread watcher;

    private PolicyStore(Policy initial, Path file) {
        this.current = new AtomicReference<>(initial);
        this.file = file;
    }

    /** The built-in policy, or {@code file} watched for changes when given. */
    public static PolicyStore open(Path file) {
        if (file == null) return new PolicyStore(builtIn(), null);
        PolicyStore s = new PolicyStore(load(file), file);
        s.watcher = Thread.ofVirtual().name("policy-watch").start(s::watch);
        return s;
    }

    public static PolicyStore fixed(Policy p) { return new PolicyStore(p, null); }

    public Policy current() { return current.get(); }

    public static Policy builtIn() {
        try (InputStream in = PolicyStore.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) throw new IllegalStateException(BUILT_IN + " missing from the jar");
            return parse(in.readAllBytes(), BUILT_IN);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUILT_IN, e);
        }
    }

    public static Policy load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Policy parse(byte[] bytes, String source) {
        try {
            PolicyFile f = YAML.readValue(bytes, PolicyFile.class);
            return new Policy(hash(bytes), f == null ? new PolicyFile(null, null, null) : f);
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new IllegalArgumentException("invalid policy " + source + ": " + root.getMessage(), e);
        }
    }

    static String hash(byte[] bytes) {
        try {
            return "pol_" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(POLL);
                reload();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Re-reads the file; returns true when a new version took effect. */
    public boolean reload() {
        if (file == null) return false;
        try {
            Policy next = load(file);
            Policy prev = current.get();
            if (next.version().equals(prev.version())) return false;
            current.set(next);
            LOG.info("policy " + file + " reloaded: " + prev.version() + " -> " + next.version());
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warning("policy " + file + " not reloaded, keeping " + current.get().version() + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) watcher.interrupt();
    }
}
