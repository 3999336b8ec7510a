package io.computebroker.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaConfigTest {
    static BrokerConfig parse(String provider) throws Exception {
        return ConfigLoaderYaml.parse("providers:\n  - " + provider + "\n");
    }

    @Test
    void replicasListsSeveralServersForOneProvider() throws Exception {
        ProviderConfig p = parse("{id: vllm, kind: openai-compatible, replicas: [\"http://a:8000/v1\", \"http://b:8000/v1\"], replicaMaxInFlight: 8}")
                .providers().getFirst();
        assertThat(p.replicaUrls()).containsExactly("http://a:8000/v1", "http://b:8000/v1");
        assertThat(p.replicaMaxInFlight()).isEqualTo(8);
    }

    @Test
    void aBaseUrlAloneIsOneReplica() throws Exception {
        ProviderConfig p = parse("{id: vllm, kind: openai-compatible, baseUrl: \"http://a:8000/v1\"}").providers().getFirst();
        assertThat(p.replicaUrls()).containsExactly("http://a:8000/v1");
        assertThat(p.replicaMaxInFlight()).isEqualTo(32);
        // The pre-replica constructor still works for code that builds configs directly.
        ProviderConfig legacy = new ProviderConfig("x", "openai-compatible", "http://h", null, null, null, null, null, null, null, null, null);
        assertThat(legacy.replicaUrls()).isEqualTo(List.of("http://h"));
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> parse("{id: v, kind: openai-compatible, baseUrl: \"http://a\", replicas: [\"http://b\"]}"))
                .hasMessageContaining("providers[0]: set either .baseUrl or .replicas, not both");
        assertThatThrownBy(() -> parse("{id: v, kind: openai-compatible}"))
                .hasMessageContaining("providers[0].baseUrl (or .replicas) is required");
        assertThatThrownBy(() -> parse("{id: v, kind: openai-compatible, replicas: [\"http://a\", \"\"]}"))
                .hasMessageContaining("providers[0]").hasMessageContaining("replicas[1] is blank");
        assertThatThrownBy(() -> parse("{id: v, kind: openai-compatible, replicas: [\"http://a\", \"http://a\"]}"))
                .hasMessageContaining("replicas[1] 'http://a' is listed twice");
        assertThatThrownBy(() -> parse("{id: v, kind: openai-compatible, replicas: [\"http://a\"], replicaMaxInFlight: 0}"))
                .hasMessageContaining("replicaMaxInFlight must be >= 1");
        assertThatThrownBy(() -> parse("{id: v, kind: anthropic, baseUrl: \"http://a\", replicas: [\"http://b\"]}"))
                .hasMessageContaining("providers[0].replicas is only supported for kind openai-compatible, not anthropic");
    }

    @Test
    void theCacheBreakpointOptionIsForAnthropicProvidersOnly() throws Exception {
        assertThat(parse("{id: a, kind: anthropic, baseUrl: \"https://api.anthropic.com\", anthropicCacheBreakpoint: true}")
                .providers().getFirst().anthropicCacheBreakpoint()).isTrue();
        assertThat(parse("{id: a, kind: anthropic, baseUrl: \"https://api.anthropic.com\"}")
                .providers().getFirst().anthropicCacheBreakpoint()).isFalse();
        assertThatThrownBy(() -> parse("{id: v, kind: openai-compatible, baseUrl: \"http://a\", anthropicCacheBreakpoint: true}"))
                .hasMessageContaining("providers[0].anthropicCacheBreakpoint is only supported for kind anthropic, not openai-compatible");
    }
}
