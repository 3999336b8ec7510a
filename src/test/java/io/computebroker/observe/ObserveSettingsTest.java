package io.computebroker.observe;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObserveSettingsTest {
    @Test
    void standardOtelVariablesSelectTheEndpointServiceAndRatio() {
        var s = ObserveSettings.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/", "OTEL_SERVICE_NAME", "gw",
                "OTEL_TRACES_SAMPLER_ARG", "0.25"), "off", null);
        assertThat(s.otlpEndpoint()).isEqualTo("http://collector:4318/v1/traces");
        assertThat(s.serviceName()).isEqualTo("gw");
        assertThat(s.traceSampleRatio()).isEqualTo(0.25);
        assertThat(ObserveSettings.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c/x",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://ignored"), "off", null).otlpEndpoint()).isEqualTo("http://c/x");
        assertThat(ObserveSettings.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c"), "off", "http://flag/v1/traces")
                .otlpEndpoint()).as("the flag wins").isEqualTo("http://flag/v1/traces");
        assertThat(ObserveSettings.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c", "OTEL_TRACES_EXPORTER", "none"),
                "off", null).otlpEndpoint()).isNull();
        assertThat(ObserveSettings.fromEnvironment(Map.of(), "stdout", null).otlpEndpoint()).isNull();
        assertThat(ObserveSettings.fromEnvironment(Map.of(), "stdout", null).jvmMetrics()).as("serve exports jvm_*").isTrue();
        assertThat(ObserveSettings.OFF.jvmMetrics()).isFalse();
    }

    @Test
    void badRatioIsNamed() {
        assertThatThrownBy(() -> ObserveSettings.fromEnvironment(Map.of("OTEL_TRACES_SAMPLER_ARG", "lots"), "off", null))
                .hasMessageContaining("OTEL_TRACES_SAMPLER_ARG");
        assertThatThrownBy(() -> new ObserveSettings("off", null, 2, null, null, false)).hasMessageContaining("[0, 1]");
    }

    @Test
    void tracingOffIsANoOpThatOnlyRunsTheCall() {
        assertThat(Tracing.of(ObserveSettings.OFF, null)).isSameAs(Tracing.OFF);
        assertThat(Tracing.OFF.enabled()).isFalse();
        assertThat(Tracing.OFF.stage("classify")).isSameAs(Tracing.OFF.stage("decide"));
        assertThat(Tracing.OFF.upstream(null, 1, () -> null)).isNull();
        StringBuilder injected = new StringBuilder();
        Tracing.inject((k, v) -> injected.append(k));
        assertThat(injected).as("no current span: no traceparent").isEmpty();
    }
}
