package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.computebroker.classify.sensitivity.ScanAssert.SCANNER;
import static io.computebroker.classify.sensitivity.ScanAssert.found;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensitivityScannerTest {
    private static final String MIXED = "Hi, I'm reachable at jane.doe@example.com or +31 20 123 4567; card 4111 1111 1111 1111, "
            + "server 41.173.96.26.";

    @Test
    void levelIsTheMaximumOverFindings() {
        assertThat(SCANNER.report("Explain the CAP theorem in two sentences.").level()).isEqualTo(Sensitivity.PUBLIC);
        assertThat(SCANNER.report("ping 41.173.96.26 please").level()).isEqualTo(Sensitivity.INTERNAL);
        assertThat(SCANNER.report("write to jane.doe@example.com").level()).isEqualTo(Sensitivity.CONFIDENTIAL);
        SensitivityReport mixed = SCANNER.report(MIXED);
        assertThat(mixed.level()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(mixed.types()).containsExactlyInAnyOrder(
                EntityType.EMAIL, EntityType.PHONE, EntityType.CREDIT_CARD, EntityType.IP_ADDRESS);
    }

    @Test
    void findingsAreSortedNonOverlappingAndExact() {
        List<Finding> fs = SCANNER.scan(MIXED);
        for (int i = 1; i < fs.size(); i++) assertThat(fs.get(i).start()).isGreaterThanOrEqualTo(fs.get(i - 1).end());
        assertThat(found(MIXED)).containsExactly("EMAIL:jane.doe@example.com", "PHONE:+31 20 123 4567",
                "CREDIT_CARD:4111 1111 1111 1111", "IP_ADDRESS:41.173.96.26");
    }

    @Test
    void strongerEvidenceWinsAnOverlap() {
        // a card number is also a possible phone number; the checksum-validated type wins
        assertThat(found("call about card 4111111111111111")).containsExactly("CREDIT_CARD:4111111111111111");
        assertThat(SensitivityScanner.resolve(new java.util.ArrayList<>(List.of(
                new Finding(EntityType.PHONE, 0, 10), new Finding(EntityType.CREDIT_CARD, 2, 12), new Finding(EntityType.PERSON, 12, 20)))))
                .containsExactly(new Finding(EntityType.CREDIT_CARD, 2, 12), new Finding(EntityType.PERSON, 12, 20));
    }

    @Test
    void toStringNeverContainsTheMatchedValues() {
        SensitivityReport r = SCANNER.report(MIXED);
        assertThat(r.findings()).isNotEmpty();
        for (String secret : new String[] {"jane.doe", "4111", "123 4567", "41.173"}) {
            assertThat(r.toString()).doesNotContain(secret);
            r.findings().forEach(f -> assertThat(f.toString()).doesNotContain(secret));
        }
        assertThat(new Finding(EntityType.EMAIL, 3, 9).toString()).isEqualTo("EMAIL[3, 9)");
    }

    @Test
    void emptyAndInvalidInput() {
        assertThat(SCANNER.scan("")).isEmpty();
        assertThat(SCANNER.report("").level()).isEqualTo(Sensitivity.PUBLIC);
        assertThatThrownBy(() -> SCANNER.scan(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Finding(EntityType.EMAIL, 5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
        List<String> expected = found(MIXED);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = IntStream.range(0, 64).mapToObj(i -> pool.submit(() -> found(MIXED))).toList();
            for (Future<List<String>> f : results) assertThat(f.get()).isEqualTo(expected);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void longTextWithoutPersonalDataStaysPublic() {
        String prose = "The gateway routes each request to the cheapest model that can do the work well. It keeps "
                + "a ledger of 42 attempts per minute, retries twice on 503, and reports p50 and p99 latency. "
                + "Version 2.4.1 added streaming; Python 3.12 and Java 21 are supported. Capitalized Words such as "
                + "Wisdom, Discipline, Monday and Main Street appear in titles. ";
        String text = prose.repeat(40);
        assertThat(SCANNER.report(text).findings()).isEmpty();
    }
}
