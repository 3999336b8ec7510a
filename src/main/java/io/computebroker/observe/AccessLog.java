package io.computebroker.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.computebroker.core.Json;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The structured access log: one JSON line per chat request, written when the HTTP exchange ends, with
 * what the settle stage knew about it (route, decision, tokens, cost, cache) when it got that far.
 *
 * <p>Never in a line: prompt or completion text, keys (only the key id), error messages (only the
 * error type: upstream messages can quote the request). Entity types are named, never their values.
 *
 * <p>Lines go through a bounded queue to one writer thread, which also renders them (the request path only
 * captures the values), so a slow disk or a blocked stdout never
 * holds a request; when the queue is full a line is dropped and counted ({@link #dropped()}).
 * Shadow and judge calls (ids ending {@code -shadow}, {@code -judge}) get their own lines with {@code kind}.
 */
public final class AccessLog implements Settler, AutoCloseable {
    public static final AccessLog OFF = new AccessLog(null);
    private static final int QUEUE = 65_536;
    /**
     * A line to write: the request thread captures its values, the writer thread renders the JSON straight
     * into the batch's bytes (no tree of nodes, no intermediate string: building an {@code ObjectNode} and
     * serialising it was most of the writer's cost, 7-9 µs per request at concurrency 50).
     */
    @FunctionalInterface
    private interface Line {
        void render(JsonGenerator g) throws IOException;
    }

    private static final Line STOP = g -> {};

    private final OutputStream out;
    private final BlockingQueue<Line> queue;
    private final Thread writer;
    private final LongAdder dropped = new LongAdder();
    /** Settlements waiting for their HTTP exchange to end; bounded in size and time so nothing can pile up. */
    private final Cache<String, Settlement> settled;

    private AccessLog(OutputStream out) {
        this.out = out;
        if (out == null) {
            queue = null;
            writer = null;
            settled = null;
            return;
        }
        queue = new ArrayBlockingQueue<>(QUEUE);
        // Written and removed once per request: maintenance runs on the caller (amortised) instead of waking
        // the common pool for every write, which showed as ~10 % of the gateway's CPU at concurrency 1.
        settled = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(5)).executor(Runnable::run).build();
        writer = Thread.ofPlatform().daemon().name("access-log").start(this::drain);
    }

    /** {@code off}, {@code stdout}, {@code stderr} or a file path (created, appended to). */
    public static AccessLog open(String where) {
        return switch (where == null ? "off" : where) {
            case "off" -> OFF;
            case "stdout" -> new AccessLog(new NonClosing(System.out));
            case "stderr" -> new AccessLog(new NonClosing(System.err));
            default -> {
                try {
                    Path p = Path.of(where);
                    if (p.toAbsolutePath().getParent() != null) Files.createDirectories(p.toAbsolutePath().getParent());
                    yield new AccessLog(Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot open access log '" + where + "': " + e.getMessage(), e);
                }
            }
        };
    }

    public boolean enabled() { return out != null; }

    public long dropped() { return dropped.sum(); }

    @Override
    public void settle(Settlement s) {
        if (out == null) return;
        String id = s.requestId();
        if (id.endsWith("-shadow") || id.endsWith("-judge")) {
            Instant now = Instant.now();
            enqueue(g -> write(g, now, id, id.endsWith("-shadow") ? "shadow" : "judge", null, s.status(), s.latencyMicros() / 1000,
                    null, null, null, s));
        } else {
            settled.put(id, s);
        }
    }

    /**
     * The HTTP exchange {@code requestId} ended with {@code status}. {@code tenant}/{@code keyId} are null when
     * the caller never authenticated; {@code errorType} is null on success.
     */
    public void done(String requestId, String api, String tenant, String keyId, int status, String errorType, long latencyMicros) {
        if (out == null) return;
        Instant now = Instant.now();
        Settlement s = settled.asMap().remove(requestId);
        // Rendered on the writer thread: this runs on the connection's thread after the response was sent,
        // where it delays the next request on a keep-alive connection.
        enqueue(g -> write(g, now, requestId, "request", api, status, latencyMicros / 1000, tenant, keyId, errorType, s));
    }

    /**
     * One line. With a settlement its tenant and key id are the line's, and a failed settlement without an
     * error type from the exchange gets {@code status_<code>}.
     */
    private static void write(JsonGenerator g, Instant now, String id, String kind, String api, int status, long latencyMs,
                              String tenant, String keyId, String errorType, Settlement s) throws IOException {
        g.writeStartObject();
        g.writeStringField("ts", now.toString());
        g.writeStringField("kind", kind);
        g.writeStringField("request_id", id);
        if (api != null) g.writeStringField("api", api);
        g.writeNumberField("status", status);
        g.writeNumberField("latency_ms", latencyMs);
        if (s != null) {
            g.writeStringField("tenant", s.principal().tenant());
            g.writeStringField("key_id", s.principal().keyId());
        } else {
            if (tenant != null) g.writeStringField("tenant", tenant);
            if (keyId != null) g.writeStringField("key_id", keyId);
        }
        if (errorType != null) g.writeStringField("error_type", errorType);
        if (s != null) {
            settlement(g, s);
            if (s.error() != null && errorType == null) g.writeStringField("error_type", "status_" + s.status());
        }
        g.writeEndObject();
    }

    private static void settlement(JsonGenerator g, Settlement s) throws IOException {
        var d = s.decision();
        var sig = d.signals();
        if (sig.feature() != null) g.writeStringField("feature", sig.feature());
        if (sig.runId() != null) g.writeStringField("run_id", sig.runId());
        g.writeStringField("task", sig.task().wire());
        g.writeStringField("sensitivity", sig.sensitivity().wire());
        if (!sig.entityTypes().isEmpty()) {
            g.writeStringField("entity_types", sig.entityTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        }
        g.writeStringField("requested_model", d.requestedModel());
        g.writeStringField("decision_id", d.id());
        g.writeStringField("rule", d.rule());
        g.writeStringField("policy_version", d.policyVersion());
        g.writeStringField("chosen_model", d.chosen().id());
        if (s.served() != null) {
            g.writeStringField("model", s.served().id());
            g.writeStringField("provider", s.served().provider());
            g.writeStringField("boundary", s.served().boundary().wire());
        }
        g.writeBooleanField("streamed", s.streamed());
        g.writeStringField("cache", s.cacheOutcome() == null ? "none" : s.cacheOutcome());
        g.writeBooleanField("fallback", s.fellBack());
        g.writeBooleanField("spilled", s.spilled());
        int attempts = 0;
        for (var a : s.attempts()) if (a.number() > 0) attempts++;
        g.writeNumberField("attempts", attempts);
        if (s.ttftMicros() >= 0) g.writeNumberField("ttft_ms", s.ttftMicros() / 1000);
        g.writeNumberField("input_tokens", s.usage().inputTokens());
        g.writeNumberField("cached_input_tokens", s.usage().cachedInputTokens());
        g.writeNumberField("output_tokens", s.usage().outputTokens());
        g.writeStringField("cost_usd", s.cost().totalUsd().setScale(9, java.math.RoundingMode.HALF_UP).toPlainString());
    }

    private void enqueue(Line line) {
        if (!queue.offer(line)) dropped.increment();
    }

    static final long LINGER_MS = 5;

    private void drain() {
        Batch buf = new Batch();
        List<Line> batch = new ArrayList<>(256);
        try {
            while (true) {
                Line first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) continue;
                // Let a few milliseconds of lines gather: one wake-up and one write per batch instead of a
                // context switch and a syscall per request (visible in a perf profile at concurrency 1).
                Thread.sleep(LINGER_MS);
                batch.add(first);
                queue.drainTo(batch, 4096);
                boolean stop = false;
                for (Line l : batch) {
                    if (l == STOP) {
                        stop = true;
                        continue;
                    }
                    int mark = buf.size();
                    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buf)) {
                        l.render(g);
                    } catch (IOException | RuntimeException e) { // one bad line must not stop the log
                        buf.truncate(mark);
                        dropped.increment();
                        continue;
                    }
                    buf.write('\n');
                    if (buf.size() >= FLUSH_BYTES) buf.drainTo(out);
                }
                batch.clear();
                buf.drainTo(out);
                out.flush();
                if (stop) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(AccessLog.class.getName()).warning("access log stopped: " + e.getMessage());
        }
    }

    private static final int FLUSH_BYTES = 1 << 16;

    /** The batch's rendered lines; a line that failed halfway is cut off again. */
    private static final class Batch extends ByteArrayOutputStream {
        Batch() { super(FLUSH_BYTES + 4096); }

        void truncate(int size) { count = size; }

        void drainTo(OutputStream out) throws IOException {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    /** Writes what is queued, then closes the file (stdout and stderr stay open). */
    @Override
    public void close() {
        if (out == null) return;
        try {
            // The writer may be gone (I/O error) with a full queue: never wait on it for long.
            if (queue.offer(STOP, 2, TimeUnit.SECONDS)) writer.join(5_000);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** stdout/stderr must outlive the gateway. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override
        public void close() throws IOException { flush(); }
    }
}
