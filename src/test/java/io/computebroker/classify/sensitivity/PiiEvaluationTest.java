package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class PiiEvaluationTest {
    /** The shared Presidio-research data set, beside the repository as in every checkout of the project. */
    static final Path DATASET = Path.of("../shared/data/pii/synth_dataset_v2.json");

    @Test
    void recallFloorsOnTheSharedDataSet() {
        assumeThat(Files.isRegularFile(DATASET)).as("data set at " + DATASET.toAbsolutePath()).isTrue();
        PiiEvaluation.Result r = PiiEvaluation.evaluate(DATASET, ScanAssert.SCANNER);
        assertThat(r.texts()).isGreaterThan(1000);
        for (EntityType t : new EntityType[] {EntityType.CREDIT_CARD, EntityType.IBAN, EntityType.US_SSN, EntityType.EMAIL, EntityType.PHONE}) {
            assertThat(r.of(t).gold()).as(t + " gold spans").isPositive();
            assertThat(r.of(t).recall()).as(t + " recall").isGreaterThanOrEqualTo(0.95);
            assertThat(r.of(t).precision()).as(t + " precision").isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void overlapMatchingRuleAndUnscoredLabels(@TempDir Path dir) throws Exception {
        String text = "Mail jane@example.com or call 4111 1111 1111 1111 now, Acme Corp";
        int email = text.indexOf("jane");
        String json = """
                [{"full_text": %s, "spans": [
                  {"entity_type": "EMAIL_ADDRESS", "entity_value": "jane", "start_position": %d, "end_position": %d},
                  {"entity_type": "PHONE_NUMBER", "entity_value": "x", "start_position": 0, "end_position": 4},
                  {"entity_type": "ORGANIZATION", "entity_value": "Acme Corp", "start_position": %d, "end_position": %d}]}]
                """.formatted(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text),
                email, email + 4, text.indexOf("Acme"), text.length());
        Path file = dir.resolve("mini.json");
        Files.writeString(file, json);
        PiiEvaluation.Result r = PiiEvaluation.evaluate(file, ScanAssert.SCANNER);
        // the e-mail prediction overlaps a partial gold span: a hit both ways
        assertThat(r.of(EntityType.EMAIL)).isEqualTo(new PiiEvaluation.TypeStats(EntityType.EMAIL, 1, 1, 1, 1));
        // the gold phone span is missed; the card is predicted but has no gold span
        assertThat(r.of(EntityType.PHONE).recall()).isZero();
        assertThat(r.of(EntityType.CREDIT_CARD).precision()).isZero();
        assertThat(r.of(EntityType.CREDIT_CARD).recall()).isNaN();
        assertThat(r.unscoredLabels()).containsExactly("ORGANIZATION");
    }
}
