package io.computebroker.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computebroker.identify.KeyStore;
import io.computebroker.report.Audit;
import io.computebroker.report.LedgerRow;
import io.computebroker.report.ReportFixture;
import io.computebroker.report.Reports;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin routes on a real Helidon server (port 0), over each store, with admin and ordinary keys. */
class AdminHandlerTest {
    static final ObjectMapper DECIMALS = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final String WINDOW = "since=" + enc(ReportFixture.SINCE.toString()) + "&until=" + enc(ReportFixture.UNTIL.toString());
    final HttpClient http = HttpClient.newHttpClient();

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    /** A server with only the admin routes, its store, and an admin and an ordinary key. */
    record Fixture(Database db, WebServer server, String admin, String plain) implements AutoCloseable {
        static Fixture start(String kind) {
            Database db = TestStores.open(kind);
            KeyStore keys = new KeyStore(db);
            String admin = keys.create("ops", "admin", new KeyStore.KeyProfile(null, null, null, null, null, true)).secret();
            String plain = keys.create("acme", "app").secret();
            AdminHandler h = new AdminHandler(new Authenticator(keys), new Reports(db), new Audit(db));
            WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> r.get("/admin/report", h::report).get("/admin/audit", h::audit)).build().start();
            return new Fixture(db, server, admin, plain);
        }

        @Override
        public void close() {
            server.stop();
            db.close();
        }
    }

    HttpResponse<String> get(Fixture f, String pathAndQuery, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server().port() + pathAndQuery)).GET();
        if (key != null) b.header("authorization", "Bearer " + key);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void onlyAdminKeysMayRead(String kind) throws Exception {
        try (Fixture f = Fixture.start(kind)) {
            for (String path : new String[]{"/admin/report", "/admin/audit"}) {
                HttpResponse<String> none = get(f, path, null);
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(DECIMALS.readTree(none.body()).at("/error/type").asText()).isEqualTo("authentication_error");

                assertThat(get(f, path, "sk-cb-not-a-key").statusCode()).isEqualTo(401);

                HttpResponse<String> plain = get(f, path, f.plain());
                assertThat(plain.statusCode()).isEqualTo(403);
                JsonNode err = DECIMALS.readTree(plain.body()).get("error");
                assertThat(err.get("type").asText()).isEqualTo("permission_error");
                assertThat(err.get("code").asText()).isEqualTo("permission_denied");
                assertThat(err.get("message").asText()).contains("admin key");

                assertThat(get(f, path, f.admin()).statusCode()).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void reportMatchesTheLedgerToTheNanoDollar(String kind) throws Exception {
        try (Fixture f = Fixture.start(kind)) {
            ReportFixture.insert(f.db());
            HttpResponse<String> r = get(f, "/admin/report?by=provider&" + WINDOW, f.admin());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode body = DECIMALS.readTree(r.body());
            assertThat(body.get("group_by").asText()).isEqualTo("provider");
            assertThat(body.get("rows")).extracting(n -> n.get("group").asText()).containsExactly("cloud", "local", "market");
            assertThat(body.at("/total/cost_usd").decimalValue()).isEqualTo(new BigDecimal("9007199.378198782"));
            assertThat(body.at("/total/cache_savings_usd").decimalValue()).isEqualTo(new BigDecimal("3.000999001"));
            assertThat(body.at("/rows/0/latency_ms/p50").asLong()).isEqualTo(2000);
            assertThat(body.at("/owned/0/tokens").asLong()).isEqualTo(1800);
            assertThat(body.at("/owned/0").has("utilisation")).isFalse();

            JsonNode beta = DECIMALS.readTree(get(f, "/admin/report?by=tenant&tenant=beta&" + WINDOW, f.admin()).body());
            assertThat(beta.get("rows")).hasSize(1);
            assertThat(beta.at("/total/requests").asLong()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void auditAnswersJsonOrCsvAndFilters(String kind) throws Exception {
        try (Fixture f = Fixture.start(kind)) {
            LedgerRow.at(ReportFixture.T0).tenant("clinic").route("local", "m-owned", "owned", "eu")
                    .sensitivity("restricted", "ssn,email").policy("pol_1").insert(f.db());
            LedgerRow.at(ReportFixture.T0).tenant("acme").route("cloud", "m-front", "frontier", "us")
                    .sensitivity("public", null).policy("pol_1").insert(f.db());
            JsonNode json = DECIMALS.readTree(get(f, "/admin/audit?sensitivity=confidential&" + WINDOW, f.admin()).body());
            assertThat(json.get("rows")).hasSize(1);
            assertThat(json.at("/rows/0/entity_types").toString()).isEqualTo("[\"email\",\"ssn\"]");
            assertThat(json.at("/rows/0/boundary").asText()).isEqualTo("owned");

            HttpResponse<String> csv = get(f, "/admin/audit?format=csv&tenant=acme&" + WINDOW, f.admin());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
            assertThat(csv.body().split("\r\n")).hasSize(2);
            assertThat(csv.body()).contains("cloud,m-front,frontier,us,public,,pol_1,1,");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void badParametersAre400sNamingTheParameter(String kind) throws Exception {
        try (Fixture f = Fixture.start(kind)) {
            String[][] cases = {
                    {"/admin/report?by=region", "by"},
                    {"/admin/report?since=last+week", "since"},
                    {"/admin/report?until=tomorrow", "until"},
                    {"/admin/report?since=2026-11-02&until=2026-11-01", "since"},
                    {"/admin/audit?sensitivity=secret", "sensitivity"},
                    {"/admin/audit?format=xml", "format"},
                    {"/admin/audit?since=5x", "since"}};
            for (String[] c : cases) {
                HttpResponse<String> r = get(f, c[0], f.admin());
                assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
                JsonNode err = DECIMALS.readTree(r.body()).get("error");
                assertThat(err.get("param").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(err.get("message").asText()).as(c[0]).contains("'" + c[1] + "'");
                assertThat(err.get("type").asText()).isEqualTo("invalid_request_error");
            }
        }
    }
}
