package io.computebroker.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.config.Boundary;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.Json;
import io.computebroker.core.Usage;
import io.computebroker.ledger.Nusd;
import io.computebroker.settle.CostCalculator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a trace file (CSV with a header row, or JSON Lines) against {@link TraceSchema}. Every row is
 * validated completely before anything is written: a row with any bad field is rejected whole, with its
 * line number and the field named, and the rest go on. Unknown columns are ignored and listed.
 */
public final class TraceParser {
    public enum Format { CSV, JSONL }

    /** A rejected row: where and why. */
    public record RowError(int line, String message) {
        @Override
        public String toString() { return "line " + line + ": " + message; }
    }

    /** Valid records, rejected rows, and columns the contract does not know. */
    public record Parsed(List<TraceRecord> records, List<RowError> errors, Set<String> ignoredColumns) {}

    private final Function<String, ModelConfig> catalog;
    private final ModelConfig baseline;
    private final String tenant;

    /**
     * @param catalog  finds a configured model by name (prices rows without cost_usd, supplies the boundary); may return null
     * @param baseline the model baseline cost is computed at (null: baseline 0)
     * @param tenant   the tenant the records belong to (part of each record's id)
     */
    public TraceParser(Function<String, ModelConfig> catalog, ModelConfig baseline, String tenant) {
        this.catalog = catalog;
        this.baseline = baseline;
        this.tenant = tenant;
    }

    public static Format formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) return Format.CSV;
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) return Format.JSONL;
        throw new IllegalArgumentException("cannot tell the format of " + file + " from its name; use --format csv|jsonl");
    }

    public Parsed parse(Path file, Format format) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text, format);
    }

    public Parsed parse(String text, Format format) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        String[] lines = text.split("\r?\n", -1);
        List<TraceRecord> records = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> ignored = new LinkedHashSet<>();
        List<String> header = null;
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String raw = lines[i];
            if (raw.isBlank()) continue;
            if (format == Format.CSV && header == null) { // an unusable header makes the whole file unusable
                try {
                    header = header(csvLine(raw), ignored);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + line + " (header): " + e.getMessage());
                }
                continue;
            }
            Map<String, String> fields;
            try {
                if (format == Format.CSV) {
                    List<String> cells = csvLine(raw);
                    if (cells.size() != header.size()) {
                        throw new IllegalArgumentException(cells.size() + " fields, the header has " + header.size());
                    }
                    fields = new HashMap<>();
                    for (int c = 0; c < cells.size(); c++) {
                        if (header.get(c) != null && !cells.get(c).isBlank()) fields.put(header.get(c), cells.get(c).strip());
                    }
                } else {
                    fields = jsonLine(raw, ignored);
                }
                records.add(record(line, raw, fields));
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(line, e.getMessage()));
            }
        }
        if (format == Format.CSV && header == null) throw new IllegalArgumentException("no header row");
        return new Parsed(records, errors, ignored);
    }

    private static List<String> header(List<String> cells, Set<String> ignored) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String c : cells) {
            String f = TraceSchema.canonical(c);
            if (f == null) ignored.add(c.strip());
            else if (!seen.add(f)) throw new IllegalArgumentException("header names " + f + " twice");
            out.add(f);
        }
        for (String r : TraceSchema.REQUIRED) {
            if (!seen.contains(r)) throw new IllegalArgumentException("header has no " + r + " column (required: " + TraceSchema.REQUIRED + ")");
        }
        return out;
    }

    /** One physical line of CSV: commas, double quotes with "" escapes. A quote left open is this row's error. */
    static List<String> csvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, start = true;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { f.append('"'); i++; }
                    else quoted = false;
                } else f.append(ch);
            } else if (ch == '"' && start) {
                quoted = true;
                start = false;
            } else if (ch == ',') {
                out.add(f.toString());
                f.setLength(0);
                start = true;
            } else {
                if (ch == '"') throw new IllegalArgumentException("stray quote at column " + (i + 1));
                f.append(ch);
                start = false;
            }
        }
        if (quoted) throw new IllegalArgumentException("quoted field never closed (fields may not span lines)");
        out.add(f.toString());
        return out;
    }

    private static Map<String, String> jsonLine(String raw, Set<String> ignored) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException("not a JSON object");
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String f = TraceSchema.canonical(e.getKey());
            if (f == null) {
                ignored.add(e.getKey());
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (v.isContainerNode()) throw new IllegalArgumentException(f + " must be a single value, not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            if (out.put(f, v.asText().strip()) != null) throw new IllegalArgumentException("names " + f + " twice");
        }
        return out;
    }

    private TraceRecord record(int line, String raw, Map<String, String> f) {
        for (String r : TraceSchema.REQUIRED) {
            if (f.get(r) == null || f.get(r).isBlank()) throw new IllegalArgumentException(r + " is missing");
        }
        long time = time(f.get("time"));
        String feature = text(f, "workflow", 200);
        String provider = text(f, "provider", 100);
        String modelName = text(f, "model", 200);
        long input = count(f, "input_tokens");
        long cached = f.containsKey("cached_tokens") ? count(f, "cached_tokens") : 0;
        long output = count(f, "output_tokens");
        if (cached > input) throw new IllegalArgumentException("cached_tokens " + cached + " exceeds input_tokens " + input);
        Long latency = f.containsKey("latency_ms") ? count(f, "latency_ms") : null;
        Long ttft = f.containsKey("ttft_ms") ? count(f, "ttft_ms") : null;
        if (latency != null && ttft != null && ttft > latency) throw new IllegalArgumentException("ttft_ms " + ttft + " exceeds latency_ms " + latency);
        String status = f.get("status").toLowerCase(Locale.ROOT);
        Integer http = null;
        boolean ok;
        if (status.matches("\\d{3}")) {
            http = Integer.parseInt(status);
            if (http < 100 || http > 599) throw new IllegalArgumentException("status " + http + " is not an HTTP status");
            ok = http >= 200 && http < 300;
        } else {
            ok = switch (status) {
                case "ok", "success", "succeeded", "completed" -> true;
                case "error", "failed", "failure", "timeout", "cancelled" -> false;
                default -> throw new IllegalArgumentException("status '" + f.get("status") + "' is not ok, error or an HTTP status");
            };
        }
        Boolean acceptedField = bool(f, "accepted");
        long retriesLong = f.containsKey("retries") ? count(f, "retries") : 0;
        if (retriesLong > 1000) throw new IllegalArgumentException("retries " + retriesLong + " is implausible (> 1000)");
        Double util = null;
        if (f.containsKey("utilisation")) {
            try {
                util = Double.parseDouble(f.get("utilisation"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("utilisation '" + f.get("utilisation") + "' is not a number");
            }
            if (!(util >= 0 && util <= 1)) throw new IllegalArgumentException("utilisation " + f.get("utilisation") + " is outside 0..1");
        }
        String task = f.containsKey("task") ? TaskClass.parse(f.get("task")).wire() : null;
        String sensitivity = f.containsKey("sensitivity") ? Sensitivity.parse(f.get("sensitivity")).wire() : null;
        ModelConfig model = catalog.apply(modelName);
        String boundary;
        if (f.containsKey("boundary")) {
            boundary = Boundary.parse(f.get("boundary").toLowerCase(Locale.ROOT)).wire();
        } else boundary = model == null ? null : model.boundary().wire();
        Usage usage = new Usage(input, cached, 0, output, 0);
        long cost;
        boolean estimated = false;
        if (f.containsKey("cost_usd")) {
            BigDecimal usd;
            try {
                usd = new BigDecimal(f.get("cost_usd"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cost_usd '" + f.get("cost_usd") + "' is not a number");
            }
            if (usd.signum() < 0) throw new IllegalArgumentException("cost_usd must be >= 0");
            cost = Nusd.of(usd);
        } else {
            if (model == null) throw new IllegalArgumentException("cost_usd is missing and model '" + modelName + "' is not in the catalog to price it");
            cost = Nusd.of(CostCalculator.cost(usage, model.price(), false).totalUsd());
            estimated = true;
        }
        long base = baseline == null ? 0 : Nusd.of(CostCalculator.cost(usage, baseline.price(), false).totalUsd());
        String externalId = f.containsKey("id") ? text(f, "id", 200) : null;
        String fallback = f.containsKey("fallback_route") ? text(f, "fallback_route", 200) : null;
        return new TraceRecord(line, id(externalId, line, raw), time, feature, task, sensitivity, provider, model == null ? modelName : model.id(),
                boundary, input, cached, output, latency, ttft, ok, http, acceptedField == null ? ok : acceptedField, (int) retriesLong,
                bool(f, "cache_hit"), bool(f, "batch_eligible"), cost, estimated, base, fallback, util);
    }

    /** Stable per tenant and row (or provider request id), so importing the same file twice adds nothing. */
    private String id(String externalId, int line, String raw) {
        String key = tenant + "\u0000" + (externalId != null ? "id:" + externalId : "line:" + line + ":" + raw.strip());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "ext_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long time(String s) {
        if (s.matches("\\d{1,16}")) {
            long v = Long.parseLong(s);
            return v >= 100_000_000_000L ? v : v * 1000; // 1e11 ms is 1973; seconds stay below it until the year 5138
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("time '" + s + "' is not an ISO-8601 instant or epoch seconds/milliseconds");
                }
            }
        }
    }

    private static String text(Map<String, String> f, String field, int max) {
        String v = f.get(field);
        if (v == null || v.isBlank()) return null;
        if (v.length() > max) throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        return v;
    }

    private static long count(Map<String, String> f, String field) {
        String v = f.get(field);
        try {
            long n = new BigDecimal(v).longValueExact();
            if (n < 0) throw new IllegalArgumentException(field + " " + v + " is negative");
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(field + " '" + v + "' is not a whole number");
        }
    }

    private static Boolean bool(Map<String, String> f, String field) {
        String v = f.get(field);
        if (v == null || v.isBlank()) return null;
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "y", "t" -> true;
            case "false", "no", "0", "n", "f" -> false;
            default -> throw new IllegalArgumentException(field + " '" + v + "' is not true/false, yes/no or 1/0");
        };
    }
}
