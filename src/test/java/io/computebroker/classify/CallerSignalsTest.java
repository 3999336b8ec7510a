package io.computebroker.classify;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.BrokerException;
import io.computebroker.core.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerSignalsTest {
    @Test
    void headersWinOverMetadataWhichFillsTheRest() {
        var meta = Json.object().put("task", "summarize").put("sensitivity", "internal").put("feature", "inbox")
                .put("run", "run-7").put("max_cost_usd", "0.02").put("latency_ms", 1500);
        CallerSignals s = CallerSignals.read(Map.of(CallerSignals.TASK, "code", CallerSignals.SENSITIVITY, "restricted"), meta);
        assertThat(s.task()).isEqualTo(TaskClass.CODE);
        assertThat(s.sensitivity()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(s.feature()).isEqualTo("inbox");
        assertThat(s.runId()).isEqualTo("run-7");
        assertThat(s.maxCostUsd()).isEqualByComparingTo(new BigDecimal("0.02"));
        assertThat(s.latencyTargetMs()).isEqualTo(1500L);
        assertThat(CallerSignals.read(Map.of(), null)).isEqualTo(CallerSignals.NONE);
    }

    @Test
    void badValuesAre400sNamingWhereTheyCameFrom() {
        assertThatThrownBy(() -> CallerSignals.read(Map.of(CallerSignals.TASK, "poetry"), null))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("x-broker-task");
                    assertThat(e.getMessage()).contains("header x-broker-task").contains("poetry");
                });
        assertThatThrownBy(() -> CallerSignals.read(Map.of(), Json.object().put("max_cost_usd", "cheap")))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.param()).isEqualTo("metadata.max_cost_usd");
                    assertThat(e.getMessage()).contains("not a decimal number");
                });
        assertThatThrownBy(() -> CallerSignals.read(Map.of(CallerSignals.LATENCY, "-5"), null))
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> CallerSignals.read(Map.of(CallerSignals.SENSITIVITY, "secret"), null))
                .hasMessageContaining("x-broker-sensitivity");
    }
}
