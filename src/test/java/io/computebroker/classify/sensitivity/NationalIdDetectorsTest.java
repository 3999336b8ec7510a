package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import static io.computebroker.classify.sensitivity.ScanAssert.found;
import static org.assertj.core.api.Assertions.assertThat;

class NationalIdDetectorsTest {
    @Test
    void ssnWithSeparators() {
        assertThat(found("Here's my SSN: 123-45-6788", EntityType.US_SSN)).containsExactly("123-45-6788");
        assertThat(found("ssn 123 45 6788 on file", EntityType.US_SSN)).containsExactly("123 45 6788");
        assertThat(found("social security number 123456788", EntityType.US_SSN)).containsExactly("123456788");
    }

    @Test
    void ssnStructuralRules() {
        for (String bad : new String[] {"000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "078-05-1120"}) {
            assertThat(found("SSN " + bad, EntityType.US_SSN)).as(bad).isEmpty();
        }
        // nine bare digits without an SSN cue, and a longer dashed number, are something else
        assertThat(found("order 123456788", EntityType.US_SSN)).isEmpty();
        assertThat(found("licence 2270-123-45-6788", EntityType.US_SSN)).isEmpty();
    }

    @Test
    void bsnNeedsElevenCheckAndACue() {
        assertThat(found("Mijn BSN is 111222333.", EntityType.NL_BSN)).containsExactly("111222333");
        assertThat(found("burgerservicenummer 1112.22.333", EntityType.NL_BSN)).containsExactly("1112.22.333");
        assertThat(found("Mijn BSN is 111222334.", EntityType.NL_BSN)).isEmpty();
        assertThat(found("order 111222333", EntityType.NL_BSN)).isEmpty();
    }

    @Test
    void ninoPrefixAndSuffixRules() {
        assertThat(found("NI number AB123456C", EntityType.UK_NINO)).containsExactly("AB123456C");
        assertThat(found("NI number AB 12 34 56 C.", EntityType.UK_NINO)).containsExactly("AB 12 34 56 C");
        assertThat(found("QQ123456C", EntityType.UK_NINO)).as("Q is never a first letter").isEmpty();
        assertThat(found("GB123456A", EntityType.UK_NINO)).as("GB is not issued").isEmpty();
        assertThat(found("AO123456A", EntityType.UK_NINO)).as("O is never a second letter").isEmpty();
        assertThat(found("AB123456E", EntityType.UK_NINO)).as("suffix is A-D").isEmpty();
        assertThat(found("go to 12 34 56 a", EntityType.UK_NINO)).as("lower-case prose").isEmpty();
    }
}
