package io.computebroker.classify.sensitivity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.computebroker.classify.sensitivity.ScanAssert.found;
import static org.assertj.core.api.Assertions.assertThat;

class SecretDetectorsTest {
    // made-up bodies with the vendors' lengths and alphabets; none is a real credential
    private static final String OPENAI = "sk-proj-4fG7hJ2kL9mN3pQ8rS1tU6vW0xY5zA2bC7dE";
    private static final String ANTHROPIC = "sk-ant-api03-Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg9Fe8Dc7Ba6";
    private static final String GITHUB = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    private static final String AWS = "AKIAIOSFODNN7EXAMPLE";
    private static final String GOOGLE = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
    private static final String STRIPE = "sk_live_51Hx9Y2kLmN3pQ8rS1tU6vW0";
    private static final String SLACK = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp";

    @Test
    void vendorKeysByPrefix() {
        for (String key : new String[] {OPENAI, ANTHROPIC, GITHUB, AWS, GOOGLE, STRIPE, SLACK}) {
            assertThat(found("export KEY=" + key + "\n", EntityType.API_KEY)).as(key).containsExactly(key);
        }
        assertThat(found("Authorization: Bearer " + OPENAI, EntityType.API_KEY)).containsExactly(OPENAI);
    }

    @Test
    void prefixesInOrdinaryTextAreNotKeys() {
        assertThat(found("use sk-learn for a task-based sk-your-key-here placeholder", EntityType.API_KEY)).isEmpty();
        assertThat(found("set OPENAI_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXXXXXXXXX", EntityType.API_KEY)).isEmpty();
        assertThat(found("the AKIA prefix and ghp_ tokens", EntityType.API_KEY)).isEmpty();
        assertThat(found("mask" + GITHUB, EntityType.API_KEY)).as("glued to a word").isEmpty();
    }

    @Test
    void highEntropyValuesNextToSecretWords() {
        String aws = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThat(found("AWS_SECRET_ACCESS_KEY=" + aws, EntityType.SECRET)).containsExactly(aws);
        assertThat(found("{\"client_secret\": \"9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c\"}", EntityType.SECRET))
                .containsExactly("9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c");
        assertThat(found("my api token is Q2x1c3Rlcl9rZXlfOTg3NjU0MzIx", EntityType.SECRET)).containsExactly("Q2x1c3Rlcl9rZXlfOTg3NjU0MzIx");
        assertThat(found("password: Tr0ub4dor&3", EntityType.SECRET)).containsExactly("Tr0ub4dor");
    }

    @Test
    void lowEntropyOrUncuedValuesAreNotSecrets() {
        assertThat(found("key: my_production_database_v2", EntityType.SECRET)).isEmpty();
        assertThat(found("the key takeaway is 42 and ThreadLocalRandom is enough", EntityType.SECRET)).isEmpty();
        assertThat(found("password: hunter2", EntityType.SECRET)).isEmpty();
        assertThat(found("commit 9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c fixed it", EntityType.SECRET)).isEmpty();
    }

    @Test
    void pemPrivateKeysWithOrWithoutTheEndLine() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7V1s\nq0w3H2/abc==\n-----END RSA PRIVATE KEY-----";
        assertThat(found("here:\n" + key + "\nthanks", EntityType.PRIVATE_KEY)).containsExactly(key);
        String cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nBG5vbmU";
        assertThat(found(cut + "\n\n", EntityType.PRIVATE_KEY)).containsExactly(cut);
        assertThat(found("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", EntityType.PRIVATE_KEY)).isEmpty();
        assertThat(found("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")).isEmpty();
    }

    @Test
    void jwtNeedsAJsonHeaderWithAlg() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        assertThat(found("token " + jwt + ".", EntityType.JWT)).containsExactly(jwt);
        String noAlg = b64("{\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"1\"}") + ".c2ln";
        assertThat(found(noAlg, EntityType.JWT)).isEmpty();
        String notJson = "eyJub3Qgand0." + b64("{\"sub\":\"1\"}") + ".c2ln";
        assertThat(found(notJson, EntityType.JWT)).isEmpty();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
