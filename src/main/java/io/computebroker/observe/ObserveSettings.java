package io.computebroker.observe;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Map;

/**
 * How the gateway reports on itself.
 *
 * @param accessLog        {@code off}, {@code stdout}, {@code stderr}, or a file path (appended to) for the JSON access log
 * @param otlpEndpoint     OTLP/HTTP traces URL (e.g. {@code http://otel-collector:4318/v1/traces}); null: no tracing
 * @param traceSampleRatio share of new traces kept (a caller's sampled traceparent is always followed)
 * @param serviceName      OpenTelemetry {@code service.name}
 * @param exporter         a span exporter to use instead of OTLP (tests: the in-memory one); null normally
 * @param jvmMetrics       also export {@code jvm_*} (memory, GC, threads). Off in {@link #OFF}: they hook GC
 *                         notifications once per registry, which a JVM starting many gateways (tests) should not pile up
 */
public record ObserveSettings(String accessLog, String otlpEndpoint, double traceSampleRatio, String serviceName, SpanExporter exporter,
                              boolean jvmMetrics) {
    public static final ObserveSettings OFF = new ObserveSettings("off", null, 1.0, "compute-broker", null, false);

    public ObserveSettings {
        if (accessLog == null || accessLog.isBlank()) accessLog = "off";
        if (otlpEndpoint != null && otlpEndpoint.isBlank()) otlpEndpoint = null;
        if (!(traceSampleRatio >= 0 && traceSampleRatio <= 1)) throw new IllegalArgumentException("trace sample ratio must lie in [0, 1]");
        if (serviceName == null || serviceName.isBlank()) serviceName = "compute-broker";
    }

    public ObserveSettings withAccessLog(String where) {
        return new ObserveSettings(where, otlpEndpoint, traceSampleRatio, serviceName, exporter, jvmMetrics);
    }

    public ObserveSettings withExporter(SpanExporter e) {
        return new ObserveSettings(accessLog, otlpEndpoint, traceSampleRatio, serviceName, e, jvmMetrics);
    }

    public ObserveSettings withJvmMetrics(boolean on) {
        return new ObserveSettings(accessLog, otlpEndpoint, traceSampleRatio, serviceName, exporter, on);
    }

    /**
     * The standard OpenTelemetry variables, so a gateway drops into an existing collector setup:
     * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (full URL), else {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code /v1/traces};
     * {@code OTEL_SERVICE_NAME}; {@code OTEL_TRACES_SAMPLER_ARG} (ratio). {@code OTEL_TRACES_EXPORTER=none} turns tracing off.
     */
    public static ObserveSettings fromEnvironment(Map<String, String> env, String accessLog, String otlpEndpoint) {
        String endpoint = otlpEndpoint;
        if (endpoint == null) endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (endpoint == null && env.get("OTEL_EXPORTER_OTLP_ENDPOINT") != null) {
            String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
            endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
        }
        if ("none".equalsIgnoreCase(env.get("OTEL_TRACES_EXPORTER"))) endpoint = null;
        double ratio = 1.0;
        String arg = env.get("OTEL_TRACES_SAMPLER_ARG");
        if (arg != null) {
            try {
                ratio = Double.parseDouble(arg.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("OTEL_TRACES_SAMPLER_ARG must be a number in [0, 1], not '" + arg + "'");
            }
        }
        return new ObserveSettings(accessLog, endpoint, ratio, env.get("OTEL_SERVICE_NAME"), null, true);
    }
}
