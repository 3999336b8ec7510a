package io.computebroker.config;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    static BrokerConfig parse(String yaml) throws Exception {
        return ConfigLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void builtInDefaultsAndDemoFleetAreValid() {
        BrokerConfig d = ConfigLoader.defaults();
        assertThat(d.server().port()).isEqualTo(8080);
        assertThat(d.server().maxBodyBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(d.models()).extracting(ModelConfig::id).contains("claude-opus-4.8", "gpt-oss-120b", "all-minilm-l6-v2");
        BrokerConfig demo = ConfigLoader.demo();
        assertThat(demo.models().stream().filter(m -> m.simulation() != null).map(ModelConfig::boundary))
                .contains(Boundary.OWNED, Boundary.MARKETPLACE, Boundary.FRONTIER);
        ModelConfig opus = d.models().stream().filter(m -> m.id().equals("claude-opus-4.8")).findFirst().orElseThrow();
        assertThat(opus.price().output()).isEqualByComparingTo(new BigDecimal("25.00"));
    }

    @Test
    void unknownKeysFailNamingTheKey() {
        assertThatThrownBy(() -> parse("server:\n  prot: 80\n"))
                .hasMessageContaining("server").hasMessageContaining("prot");
    }

    @Test
    void crossFieldErrorsNameTheKeyToChange() {
        assertThatThrownBy(() -> parse("""
                providers: [{id: a, kind: openai-compatible, baseUrl: "http://x"}]
                models: [{id: m, provider: b, boundary: owned}]
                """)).hasMessageContaining("models[0].provider 'b'");
        assertThatThrownBy(() -> parse("""
                providers: [{id: a, kind: carrier-pigeon}]
                """)).hasMessageContaining("providers[0].kind 'carrier-pigeon'");
        assertThatThrownBy(() -> parse("""
                providers: [{id: a, kind: local-embeddings}]
                models: [{id: m, provider: a, boundary: moon}]
                """)).hasMessageContaining("unknown boundary 'moon'");
        assertThatThrownBy(() -> parse("""
                providers: [{id: a, kind: local-embeddings}]
                models: [{id: m, provider: a, boundary: owned}, {id: n, provider: a, boundary: owned, aliases: [m]}]
                """)).hasMessageContaining("name 'm' already names model 'm'");
    }

    @Test
    void providerToStringNeverShowsSecrets() {
        ProviderConfig p = new ProviderConfig("x", "openai-compatible", "http://h", "MY_KEY", null, null, null, null, null, null, null, null);
        assertThat(p.toString()).contains("MY_KEY").doesNotContain("sk-");
        assertThat(new Secrets(java.util.Map.of("MY_KEY", "sk-secret"), null).toString()).doesNotContain("sk-secret");
    }
}
