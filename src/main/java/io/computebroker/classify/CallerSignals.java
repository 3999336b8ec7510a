package io.computebroker.classify;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.BrokerException;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;

/**
 * What the caller declared about a call (seed 002: explicit routing by tag beats clever classification).
 * Read from {@code x-broker-*} headers, else from the body's {@code metadata} object under the same
 * names without the prefix ({@code task}, {@code sensitivity}, {@code feature}, {@code run},
 * {@code max_cost_usd}, {@code latency_ms}, {@code cache}). Any field may be null. Bad values are a 400 naming the field.
 */
public record CallerSignals(TaskClass task, Sensitivity sensitivity, String feature, String runId,
                            BigDecimal maxCostUsd, Long latencyTargetMs, String cache) {
    public static final CallerSignals NONE = new CallerSignals(null, null, null, null, null, null, null);

    public CallerSignals(TaskClass task, Sensitivity sensitivity, String feature, String runId, BigDecimal maxCostUsd, Long latencyTargetMs) {
        this(task, sensitivity, feature, runId, maxCostUsd, latencyTargetMs, null);
    }

    public static final String TASK = "x-broker-task", SENSITIVITY = "x-broker-sensitivity", FEATURE = "x-broker-feature",
            RUN = "x-broker-run", MAX_COST = "x-broker-max-cost-usd", LATENCY = "x-broker-latency-ms", CACHE = "x-broker-cache";

    /** @param headers lower-case header names to values (only the x-broker-* ones matter) */
    public static CallerSignals read(Map<String, String> headers, JsonNode metadata) {
        return new CallerSignals(
                field(headers, metadata, TASK, "task", v -> TaskClass.parse(v)),
                field(headers, metadata, SENSITIVITY, "sensitivity", v -> Sensitivity.parse(v)),
                field(headers, metadata, FEATURE, "feature", CallerSignals::label),
                field(headers, metadata, RUN, "run", CallerSignals::label),
                field(headers, metadata, MAX_COST, "max_cost_usd", CallerSignals::usd),
                field(headers, metadata, LATENCY, "latency_ms", CallerSignals::millis),
                field(headers, metadata, CACHE, "cache", CallerSignals::onOff));
    }

    private static <T> T field(Map<String, String> headers, JsonNode metadata, String header, String key, Function<String, T> parse) {
        String raw = headers.get(header);
        String where = "header " + header;
        if (raw == null && metadata != null && metadata.hasNonNull(key)) {
            JsonNode n = metadata.get(key);
            raw = n.isValueNode() ? n.asText() : n.toString();
            where = "metadata." + key;
        }
        if (raw == null || raw.isBlank()) return null;
        try {
            return parse.apply(raw.strip());
        } catch (IllegalArgumentException e) {
            throw BrokerException.invalid(header.equals(where.substring(7)) ? header : "metadata." + key, where + ": " + e.getMessage());
        }
    }

    private static String onOff(String v) {
        String l = v.toLowerCase(java.util.Locale.ROOT);
        if (!l.equals("on") && !l.equals("off")) throw new IllegalArgumentException("must be 'on' or 'off', not '" + v + "'");
        return l;
    }

    private static String label(String v) {
        if (v.length() > 200) throw new IllegalArgumentException("must be at most 200 characters");
        return v;
    }

    private static BigDecimal usd(String v) {
        BigDecimal d;
        try {
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a decimal number of US dollars");
        }
        if (d.signum() < 0) throw new IllegalArgumentException("must be >= 0");
        return d;
    }

    private static Long millis(String v) {
        long ms;
        try {
            ms = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number of milliseconds");
        }
        if (ms <= 0) throw new IllegalArgumentException("must be > 0");
        return ms;
    }
}
