package io.computebroker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.identify.Principal;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Files and Batch API operations, in OpenAI's shapes, scoped to the caller's tenant. A batch is
 * validated when it is created (a bad input file fails it at once, nothing runs); its items are then
 * queued for the {@link Drainer}. A single deferred call ({@code x-broker-batch: true}) is a batch of one.
 */
public final class BatchService {
    /** OpenAI accepts only "24h"; the broker also takes shorter or longer windows ("30m", "2h", up to "168h"). */
    static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,4})([mh])");
    static final Duration MAX_WINDOW = Duration.ofHours(168);
    private static final int MAX_METADATA = 16;

    private final BatchStore store;
    private final InstantSource clock;
    private final Runnable wake;

    public BatchService(BatchStore store, InstantSource clock, Runnable wake) {
        this.store = store;
        this.clock = clock;
        this.wake = wake;
    }

    public BatchStore store() { return store; }

    public ObjectNode upload(Principal p, String purpose, String filename, String content) {
        if (!BatchFile.PURPOSE_BATCH.equals(purpose)) {
            throw BrokerException.invalid("purpose", "purpose '" + purpose + "' is not supported here; upload batch input with purpose 'batch'");
        }
        if (filename == null || filename.isBlank()) filename = "upload.jsonl";
        if (filename.length() > 500) filename = filename.substring(0, 500);
        return BatchJson.file(store.files().putFile(id("file-"), p.tenant(), purpose, filename, content, clock.millis()));
    }

    public ObjectNode file(Principal p, String id) {
        return BatchJson.file(store.files().file(p.tenant(), id).orElseThrow(() -> notFound("file", id)));
    }

    /** GET /v1/files: the tenant's files, newest first unless {@code order} is "asc"; at most 10,000 a page (OpenAI's bound). */
    public ObjectNode files(Principal p, String purpose, String after, Integer limit, String order) {
        int n = limit == null ? 10_000 : limit;
        if (n < 1 || n > 10_000) throw BrokerException.invalid("limit", "limit must be between 1 and 10000");
        if (order != null && !order.equals("asc") && !order.equals("desc")) throw BrokerException.invalid("order", "order must be 'asc' or 'desc'");
        List<BatchFile> page = store.files().list(p.tenant(), purpose, after, "asc".equals(order), n + 1);
        List<ObjectNode> data = new ArrayList<>();
        for (BatchFile f : page.subList(0, Math.min(n, page.size()))) data.add(BatchJson.file(f));
        return BatchJson.list(data, page.size() > n);
    }

    /** DELETE /v1/files/{id}: OpenAI's deletion object. A batch that used the file keeps its record of it. */
    public ObjectNode deleteFile(Principal p, String id) {
        if (!store.files().delete(p.tenant(), id)) throw notFound("file", id);
        return Json.object().put("id", id).put("object", "file").put("deleted", true);
    }

    public String content(Principal p, String id) {
        return store.files().content(p.tenant(), id).orElseThrow(() -> notFound("file", id));
    }

    /** POST /v1/batches. {@code signals} are the caller's x-broker-* headers, applied to every item. */
    public ObjectNode create(Principal p, JsonNode body, Map<String, String> signals) {
        String inputFileId = text(body, "input_file_id");
        String endpoint = text(body, "endpoint");
        String window = text(body, "completion_window");
        if (BatchInput.formatOf(endpoint) == null) {
            throw BrokerException.invalid("endpoint", "endpoint '" + endpoint + "' cannot be batched here; use /v1/chat/completions or /v1/messages");
        }
        Duration span = window(window);
        String metadata = metadata(body.get("metadata"));
        BatchFile input = store.files().file(p.tenant(), inputFileId).orElseThrow(() -> new BrokerException(ErrorKind.NOT_FOUND,
                "no file '" + inputFileId + "'; upload it with POST /v1/files (purpose batch) first", "input_file_id"));
        if (!BatchFile.PURPOSE_BATCH.equals(input.purpose())) {
            throw BrokerException.invalid("input_file_id", "file '" + inputFileId + "' has purpose '" + input.purpose()
                    + "'; a batch reads a file uploaded with purpose 'batch'");
        }
        String content = store.files().content(p.tenant(), inputFileId).orElseThrow();
        return submit(p, endpoint, inputFileId, window, span, metadata, signals, content);
    }

    /**
     * A single chat request deferred with {@code x-broker-batch: true}: stored as a one-line input file
     * and a batch of one, so it is polled, cancelled and read like any batch.
     */
    public ObjectNode defer(Principal p, String endpoint, JsonNode request, Map<String, String> signals, String window) {
        if (window == null) window = "24h";
        Duration span = window(window);
        String customId = id("call-");
        ObjectNode line = Json.object();
        line.put("custom_id", customId);
        line.put("method", "POST");
        line.put("url", endpoint);
        line.set("body", request);
        String content = Json.write(line) + "\n";
        BatchFile input = store.files().putFile(id("file-"), p.tenant(), BatchFile.PURPOSE_BATCH, "deferred-call.jsonl", content, clock.millis());
        return submit(p, endpoint, input.id(), window, span, null, signals, content);
    }

    private ObjectNode submit(Principal p, String endpoint, String inputFileId, String window, Duration span, String metadata,
                              Map<String, String> signals, String content) {
        long now = clock.millis();
        BatchInput.Parsed parsed = BatchInput.parse(content, endpoint);
        String id = id("batch_");
        String signalsJson = signals == null || signals.isEmpty() ? null : Json.write(Json.MAPPER.valueToTree(signals));
        Batch b;
        List<BatchStore.NewItem> items = new ArrayList<>();
        if (parsed.ok()) {
            b = new Batch(id, p.tenant(), p.keyId(), endpoint, inputFileId, null, null, window, Batch.IN_PROGRESS, null, metadata,
                    signalsJson, now, now, now + span.toMillis(), null, null, null, null, null, null);
            for (BatchInput.Line l : parsed.lines()) items.add(new BatchStore.NewItem(randomId(20), l.number(), l.customId(), l.body()));
        } else {
            b = new Batch(id, p.tenant(), p.keyId(), endpoint, inputFileId, null, null, window, Batch.FAILED, Json.write(parsed.errors()),
                    metadata, signalsJson, now, null, now + span.toMillis(), null, null, now, null, null, null);
        }
        store.create(b, items);
        if (!items.isEmpty()) wake.run();
        return BatchJson.batch(b, store.queue().totals(id));
    }

    public ObjectNode get(Principal p, String id) {
        Batch b = store.batch(p.tenant(), id).orElseThrow(() -> notFound("batch", id));
        return BatchJson.batch(b, store.queue().totals(id));
    }

    public ObjectNode cancel(Principal p, String id) {
        Batch b = store.cancel(p.tenant(), id, clock.millis()).orElseThrow(() -> notFound("batch", id));
        wake.run();
        return BatchJson.batch(b, store.queue().totals(id));
    }

    public ObjectNode list(Principal p, String after, Integer limit) {
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 100) throw BrokerException.invalid("limit", "limit must be between 1 and 100");
        List<Batch> page = store.list(p.tenant(), after, n + 1);
        List<ObjectNode> data = new ArrayList<>();
        for (Batch b : page.subList(0, Math.min(n, page.size()))) data.add(BatchJson.batch(b, store.queue().totals(b.id())));
        return BatchJson.list(data, page.size() > n);
    }

    static Duration window(String w) {
        Matcher m = w == null ? null : WINDOW.matcher(w);
        if (m == null || !m.matches()) {
            throw BrokerException.invalid("completion_window", "completion_window must be like \"24h\" (also \"30m\", \"2h\", up to \"168h\")");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofMinutes(n);
        if (d.compareTo(MAX_WINDOW) > 0) throw BrokerException.invalid("completion_window", "completion_window is at most 168h");
        return d;
    }

    private static String metadata(JsonNode m) {
        if (m == null || m.isNull()) return null;
        if (!m.isObject() || m.size() > MAX_METADATA) {
            throw BrokerException.invalid("metadata", "metadata must be an object of at most " + MAX_METADATA + " string values");
        }
        for (var it = m.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual() || e.getKey().length() > 64 || e.getValue().asText().length() > 512) {
                throw BrokerException.invalid("metadata." + e.getKey(), "metadata keys are up to 64 characters, values strings up to 512");
            }
        }
        return Json.write(m);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) throw BrokerException.invalid(field, field + " is required");
        return n.asText();
    }

    private static BrokerException notFound(String what, String id) {
        return new BrokerException(ErrorKind.NOT_FOUND, "no " + what + " '" + id + "'", null);
    }

    static String id(String prefix) { return prefix + randomId(24); }

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    static String randomId(int length) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[length];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        return new String(c);
    }
}
