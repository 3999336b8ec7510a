package io.computebroker.store;

import io.computebroker.identify.KeyStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One schema, one migration set: both stores migrate, and a second open is a no-op. */
class DatabaseTest {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void migratesAndServesKeys(String kind) {
        String pg = kind.equals("postgres") ? TestStores.freshPostgresUrl() : null;
        try (Database db = pg != null ? Database.openPostgres(pg) : TestStores.sqlite()) {
            assertThat(db.isOpen()).isTrue();
            KeyStore keys = new KeyStore(db);
            var k = keys.create("acme", "x");
            assertThat(keys.authenticate(k.secret())).isPresent();
            int versions = db.with(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(versions).isEqualTo(Database.MIGRATIONS.size());
        }
        if (pg != null) {
            try (Database again = Database.openPostgres(pg)) {
                assertThat(new KeyStore(again).list()).hasSize(1);
            }
        }
    }
}
