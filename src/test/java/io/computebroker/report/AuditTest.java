package io.computebroker.report;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.core.Json;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant SINCE = T0.minus(Duration.ofDays(1));
    static final Instant UNTIL = T0.plus(Duration.ofDays(1));

    static void insert(Database db) {
        // Two spellings of the same entity set on the same route: one audit row.
        LedgerRow.at(T0.plusSeconds(10)).tenant("clinic").route("local", "m-owned", "owned", "eu")
                .sensitivity("confidential", "phone,email").policy("pol_1").insert(db);
        LedgerRow.at(T0.plusSeconds(20)).tenant("clinic").route("local", "m-owned", "owned", "eu")
                .sensitivity("confidential", "email, phone").policy("pol_1").insert(db);
        LedgerRow.at(T0.plusSeconds(30)).tenant("clinic").route("local", "m-owned", "owned", "eu")
                .sensitivity("restricted", "card").policy("pol_1").insert(db);
        // Same route under a new policy version: a separate row.
        LedgerRow.at(T0.plusSeconds(40)).tenant("clinic").route("local", "m-owned", "owned", "eu")
                .sensitivity("restricted", "card").policy("pol_2").insert(db);
        LedgerRow.at(T0.plusSeconds(50)).tenant("acme").route("cloud", "m-front", "frontier", "us")
                .sensitivity("public", null).policy("pol_2").insert(db);
        LedgerRow.at(T0.plusSeconds(60)).tenant("acme").route("cloud", "m-front", "frontier", "us")
                .sensitivity("internal", "ip_address").policy("pol_2").insert(db);
        // No sensitivity recorded (failed before classification): listed unfiltered, never under a filter.
        LedgerRow.at(T0.plusSeconds(70)).tenant("acme").error("bad request").insert(db);
        // Outside the window.
        LedgerRow.at(SINCE.minusSeconds(1)).tenant("clinic").route("cloud", "m-front", "frontier", "us")
                .sensitivity("restricted", "ssn").policy("pol_0").insert(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void groupsByRouteSensitivityEntitiesAndPolicy(String kind) {
        try (Database db = TestStores.open(kind)) {
            insert(db);
            List<AuditRow> rows = new Audit(db).audit(new AuditQuery(null, null, SINCE, UNTIL));
            assertThat(rows).hasSize(6);
            assertThat(rows).extracting(AuditRow::sensitivity)
                    .containsExactly("restricted", "restricted", "confidential", "internal", "public", null);
            AuditRow confidential = rows.get(2);
            assertThat(confidential).isEqualTo(new AuditRow("local", "m-owned", "owned", "eu", "confidential", "email,phone",
                    "pol_1", 2, T0.plusSeconds(10), T0.plusSeconds(20)));
            assertThat(rows.get(0).policyVersion()).isEqualTo("pol_1");
            assertThat(rows.get(1).policyVersion()).isEqualTo("pol_2");
            assertThat(rows.get(5).provider()).isNull();
            assertThat(rows).extracting(AuditRow::requests).containsExactly(1L, 1L, 2L, 1L, 1L, 1L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void sensitivityFilterKeepsThatLevelAndAboveAndTenantNarrows(String kind) {
        try (Database db = TestStores.open(kind)) {
            insert(db);
            Audit audit = new Audit(db);
            List<AuditRow> conf = audit.audit(new AuditQuery(Sensitivity.CONFIDENTIAL, null, SINCE, UNTIL));
            assertThat(conf).extracting(AuditRow::sensitivity).containsExactly("restricted", "restricted", "confidential");
            assertThat(conf).allMatch(r -> r.boundary().equals("owned"));

            List<AuditRow> internal = audit.audit(new AuditQuery(Sensitivity.INTERNAL, "acme", SINCE, UNTIL));
            assertThat(internal).hasSize(1);
            assertThat(internal.get(0).entityTypes()).isEqualTo("ip_address");

            assertThat(audit.audit(new AuditQuery(Sensitivity.RESTRICTED, "acme", SINCE, UNTIL))).isEmpty();
            assertThat(audit.audit(new AuditQuery(Sensitivity.RESTRICTED, null, SINCE.minusSeconds(60), UNTIL)))
                    .extracting(AuditRow::entityTypes).contains("ssn");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void csvQuotesEntityListsAndJsonListsThem(String kind) {
        try (Database db = TestStores.open(kind)) {
            insert(db);
            AuditQuery q = new AuditQuery(Sensitivity.CONFIDENTIAL, "clinic", SINCE, UNTIL);
            List<AuditRow> rows = new Audit(db).audit(q);
            String csv = AuditFormat.csv(rows);
            assertThat(csv.split("\r\n")).containsExactly(
                    "provider,model,boundary,region,sensitivity,entity_types,policy_version,requests,first_seen,last_seen",
                    "local,m-owned,owned,eu,restricted,card,pol_1,1,2026-11-01T00:00:30Z,2026-11-01T00:00:30Z",
                    "local,m-owned,owned,eu,restricted,card,pol_2,1,2026-11-01T00:00:40Z,2026-11-01T00:00:40Z",
                    "local,m-owned,owned,eu,confidential,\"email,phone\",pol_1,2,2026-11-01T00:00:10Z,2026-11-01T00:00:20Z");
            var json = Json.parse(JsonOut.write(AuditFormat.json(q, rows)));
            assertThat(json.get("min_sensitivity").asText()).isEqualTo("confidential");
            assertThat(json.get("rows").get(2).get("entity_types").toString()).isEqualTo("[\"email\",\"phone\"]");
            assertThat(json.get("rows").get(2).get("first_seen").asText()).isEqualTo("2026-11-01T00:00:10Z");
        }
    }

    @org.junit.jupiter.api.Test
    void quotingFollowsRfc4180() {
        assertThat(AuditFormat.quote("plain")).isEqualTo("plain");
        assertThat(AuditFormat.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditFormat.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Audit.normalise(" phone ,email,phone,")).isEqualTo("email,phone");
        assertThat(Audit.normalise(" , ")).isNull();
    }
}
