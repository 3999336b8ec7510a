package io.computebroker.policy;

import io.computebroker.classify.task.TaskClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyStoreTest {
    @TempDir Path dir;

    @Test
    void builtInPolicyIsValidAndVersionedByContent() {
        Policy p = PolicyStore.builtIn();
        assertThat(p.version()).matches("pol_[0-9a-f]{12}");
        assertThat(PolicyStore.builtIn().version()).isEqualTo(p.version());
        assertThat(p.quality("sim-qwen3.6-27b", TaskClass.CLASSIFY)).isEqualTo(0.93);
        assertThat(p.quality("sim-qwen3.6-27b", TaskClass.MATH)).isEqualTo(0.75);
        assertThat(p.quality("no-such-model", TaskClass.CHAT)).isEqualTo(0.6);
        assertThat(p.floor(TaskClass.PLAN, 0, null)).isEqualTo(0.90);
        assertThat(p.expectedOutputTokens(TaskClass.CLASSIFY)).isEqualTo(10);
    }

    @Test
    void reloadsAChangedFileAndKeepsTheOldPolicyWhenTheNewOneIsInvalid() throws Exception {
        Path f = dir.resolve("policy.yaml");
        Files.writeString(f, "defaults: {qualityFloor: {default: 0.7}}\n");
        try (PolicyStore store = PolicyStore.open(f)) {
            String v1 = store.current().version();
            assertThat(store.reload()).isFalse();
            Files.writeString(f, "defaults: {qualityFloor: {default: 0.8}}\n");
            assertThat(store.reload()).isTrue();
            String v2 = store.current().version();
            assertThat(v2).isNotEqualTo(v1);
            assertThat(store.current().floor(TaskClass.CHAT, 0, null)).isEqualTo(0.8);
            Files.writeString(f, "defaults: {qualityFlor: 0.9}\n");
            assertThat(store.reload()).isFalse();
            assertThat(store.current().version()).isEqualTo(v2);
        }
    }

    @Test
    void invalidPoliciesNameTheProblem() {
        assertThatThrownBy(() -> PolicyStore.parse("rules: [{name: x, match: {task: [poetry]}}]".getBytes(), "p.yaml"))
                .hasMessageContaining("rules[0].match.task").hasMessageContaining("poetry");
        assertThatThrownBy(() -> PolicyStore.parse("quality: {m: {chat: 1.5}}".getBytes(), "p.yaml"))
                .hasMessageContaining("quality.m.chat must be within 0..1");
        assertThatThrownBy(() -> PolicyStore.parse("rules: [{match: {}}]".getBytes(), "p.yaml"))
                .hasMessageContaining("every rule needs a name");
        assertThatThrownBy(() -> PolicyStore.parse("rules: [{name: x, set: {substitution: sometimes}}]".getBytes(), "p.yaml"))
                .hasMessageContaining("unknown substitution mode 'sometimes'");
    }
}
