package io.computebroker.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.computebroker.core.Json;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
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
    /** A line to write: the request thread captures its values, the writer thread renders the JSON. */
    @FunctionalInterface
    private interface Line {
        String render();
    }

    private static final Line STOP = () -> "";

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
            enqueue(() -> {
                ObjectNode line = base(now, id, id.endsWith("-shadow") ? "shadow" : "judge");
                line.put("status", s.status());
                line.put("latency_ms", s.latencyMicros() / 1000);
                settlement(line, s);
                return Json.write(line);
            });
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
        enqueue(() -> {
            ObjectNode line = base(now, requestId, "request");
            line.put("api", api).put("status", status).put("latency_ms", latencyMicros / 1000);
            if (tenant != null) line.put("tenant", tenant);
            if (keyId != null) line.put("key_id", keyId);
            if (errorType != null) line.put("error_type", errorType);
            if (s != null) settlement(line, s);
            return Json.write(line);
        });
    }

    private static ObjectNode base(Instant now, String id, String kind) {
        return Json.object().put("ts", now.toString()).put("kind", kind).put("request_id", id);
    }

    private static void settlement(ObjectNode line, Settlement s) {
        var d = s.decision();
        var sig = d.signals();
        line.put("tenant", s.principal().tenant()).put("key_id", s.principal().keyId());
        if (sig.feature() != null) line.put("feature", sig.feature());
        if (sig.runId() != null) line.put("run_id", sig.runId());
        line.put("task", sig.task().wire()).put("sensitivity", sig.sensitivity().wire());
        if (!sig.entityTypes().isEmpty()) {
            line.put("entity_types", sig.entityTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        }
        line.put("requested_model", d.requestedModel()).put("decision_id", d.id()).put("rule", d.rule())
                .put("policy_version", d.policyVersion()).put("chosen_model", d.chosen().id());
        if (s.served() != null) {
            line.put("model", s.served().id()).put("provider", s.served().provider()).put("boundary", s.served().boundary().wire());
        }
        line.put("streamed", s.streamed()).put("cache", s.cacheOutcome() == null ? "none" : s.cacheOutcome())
                .put("fallback", s.fellBack()).put("spilled", s.spilled())
                .put("attempts", s.attempts().stream().filter(a -> a.number() > 0).count());
        if (s.ttftMicros() >= 0) line.put("ttft_ms", s.ttftMicros() / 1000);
        line.put("input_tokens", s.usage().inputTokens()).put("cached_input_tokens", s.usage().cachedInputTokens())
                .put("output_tokens", s.usage().outputTokens());
        line.put("cost_usd", s.cost().totalUsd().setScale(9, java.math.RoundingMode.HALF_UP).toPlainString());
        if (s.error() != null && !line.has("error_type")) line.put("error_type", "status_" + s.status());
    }

    private void enqueue(Line line) {
        if (!queue.offer(line)) dropped.increment();
    }

    static final long LINGER_MS = 5;

    private void drain() {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
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
                    String rendered;
                    try {
                        rendered = l.render();
                    } catch (RuntimeException e) { // one bad line must not stop the log
                        dropped.increment();
                        continue;
                    }
                    w.write(rendered);
                    w.write('\n');
                }
                batch.clear();
                w.flush();
                if (stop) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            java.util.logging.Logger.getLogger(AccessLog.class.getName()).warning("access log stopped: " + e.getMessage());
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
