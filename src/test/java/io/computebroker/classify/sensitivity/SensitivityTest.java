package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensitivityTest {
    @Test
    void levelsAreOrderedFromPublicToRestricted() {
        assertThat(Sensitivity.values()).containsExactly(
                Sensitivity.PUBLIC, Sensitivity.INTERNAL, Sensitivity.CONFIDENTIAL, Sensitivity.RESTRICTED);
        assertThat(Sensitivity.INTERNAL).isLessThan(Sensitivity.CONFIDENTIAL);
    }

    @Test
    void parseIsCaseInsensitiveAndWireIsLowerCase() {
        assertThat(Sensitivity.parse("Confidential")).isEqualTo(Sensitivity.CONFIDENTIAL);
        assertThat(Sensitivity.parse(" restricted ")).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(Sensitivity.RESTRICTED.wire()).isEqualTo("restricted");
        for (Sensitivity s : Sensitivity.values()) assertThat(Sensitivity.parse(s.wire())).isEqualTo(s);
    }

    @Test
    void parseRejectsUnknownValuesNamingTheAllowedOnes() {
        assertThatThrownBy(() -> Sensitivity.parse("secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret")
                .hasMessageContaining("public, internal, confidential, restricted");
        assertThatThrownBy(() -> Sensitivity.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxTakesTheStricterLevel() {
        assertThat(Sensitivity.INTERNAL.max(Sensitivity.RESTRICTED)).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(Sensitivity.CONFIDENTIAL.max(Sensitivity.PUBLIC)).isEqualTo(Sensitivity.CONFIDENTIAL);
        assertThat(Sensitivity.PUBLIC.max(Sensitivity.PUBLIC)).isEqualTo(Sensitivity.PUBLIC);
    }

    @Test
    void everyEntityTypeImpliesAtLeastInternal() {
        for (EntityType t : EntityType.values()) assertThat(t.level()).isGreaterThanOrEqualTo(Sensitivity.INTERNAL);
        assertThat(EntityType.CREDIT_CARD.level()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(EntityType.API_KEY.level()).isEqualTo(Sensitivity.RESTRICTED);
        assertThat(EntityType.EMAIL.level()).isEqualTo(Sensitivity.CONFIDENTIAL);
        assertThat(EntityType.IP_ADDRESS.level()).isEqualTo(Sensitivity.INTERNAL);
    }
}
