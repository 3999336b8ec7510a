package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirstNamesTest {
    private static final FirstNames NAMES = FirstNames.load();

    @Test
    void loadsAFewThousandNamesAndLooksThemUpInAnyCase() {
        assertThat(NAMES.size()).isBetween(5_000, 10_000);
        assertThat(NAMES.contains("john")).isTrue();
        assertThat(NAMES.lookup("Hello JOHN!", 6, 10)).isEqualTo(FirstNames.NAME);
        assertThat(NAMES.contains("kubernetes")).isFalse();
    }

    @Test
    void namesThatAreWordsAreMarkedAndProductNamesAreLeftOut() {
        assertThat(NAMES.lookup("May", 0, 3)).isEqualTo(FirstNames.AMBIGUOUS);
        assertThat(NAMES.lookup("will", 0, 4)).isEqualTo(FirstNames.AMBIGUOUS);
        assertThat(NAMES.contains("claude")).isFalse();
        assertThat(NAMES.contains("julia")).isFalse();
    }
}
