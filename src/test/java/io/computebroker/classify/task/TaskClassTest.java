package io.computebroker.classify.task;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskClassTest {
    @Test
    void parsesCaseInsensitivelyAndWritesLowerCase() {
        for (TaskClass c : TaskClass.values()) {
            assertThat(TaskClass.parse(c.wire())).isSameAs(c);
            assertThat(TaskClass.parse(" " + c.name() + " ")).isSameAs(c);
            assertThat(c.wire()).isEqualTo(c.name().toLowerCase());
        }
        assertThat(TaskClass.parse("Translate")).isSameAs(TaskClass.TRANSLATE);
    }

    @Test
    void unknownValueNamesTheAllowedOnes() {
        assertThatThrownBy(() -> TaskClass.parse("poetry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poetry")
                .hasMessageContaining("classify, extract, summarize, translate, rewrite, qa, code, math, reasoning, plan, chat, creative");
        assertThatThrownBy(() -> TaskClass.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
