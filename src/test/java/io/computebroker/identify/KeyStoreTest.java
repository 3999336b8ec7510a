package io.computebroker.identify;

import io.computebroker.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KeyStoreTest {
    @TempDir Path dir;

    @Test
    void createdKeysAuthenticateUntilRevokedAndAreStoredOnlyAsHashes() throws Exception {
        try (Database db = Database.openSqlite(dir)) {
            KeyStore keys = new KeyStore(db);
            KeyStore.Created c = keys.create("acme", "ci");
            assertThat(c.secret()).startsWith(KeyStore.KEY_PREFIX).hasSize(KeyStore.KEY_PREFIX.length() + 32);
            assertThat(keys.authenticate(c.secret())).hasValueSatisfying(p -> {
                assertThat(p.tenant()).isEqualTo("acme");
                assertThat(p.keyId()).isEqualTo(c.key().id());
            });
            assertThat(keys.authenticate(c.secret() + "x")).isEmpty();
            assertThat(keys.authenticate("")).isEmpty();
            assertThat(keys.list()).singleElement().satisfies(k -> {
                assertThat(k.prefix()).isEqualTo(c.secret().substring(0, 10));
                assertThat(k.active()).isTrue();
            });
            assertThat(keys.revoke(c.key().id())).isTrue();
            assertThat(keys.revoke(c.key().id())).isFalse();
            assertThat(keys.authenticate(c.secret())).isEmpty();
            assertThat(keys.countActive()).isZero();
            String random = c.secret().substring(KeyStore.KEY_PREFIX.length());
            db.close();
            // The secret part of the key appears nowhere in the store files.
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(random);
                }
            }
        }
    }

    @Test
    void twoKeysNeverCollideAndHashIsStable() {
        assertThat(KeyStore.hash("a")).isEqualTo(KeyStore.hash("a")).hasSize(64).isNotEqualTo(KeyStore.hash("b"));
    }
}
