package io.computebroker.economics;

import com.sun.net.httpserver.HttpServer;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ConfigLoaderYaml;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.Usage;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.settle.Cost;
import io.computebroker.settle.CostCalculator;
import io.computebroker.store.Database;
import io.computebroker.store.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceRefreshTest {
    static final BrokerConfig CONFIG = ConfigLoaderYaml.parse("""
            providers:
              - {id: openrouter, kind: openai-compatible, baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: OPENROUTER_API_KEY}
            models:
              - {id: glm-5.2, provider: openrouter, upstream: z-ai/glm-5.2, boundary: marketplace, contextWindow: 1000000,
                 price: {input: 0.95, cachedInput: 0.18, output: 3.00, longContext: {aboveTokens: 500000, input: 1.9, output: 6}}}
              - {id: llama-4-maverick, provider: openrouter, upstream: meta-llama/llama-4-maverick, boundary: marketplace,
                 contextWindow: 1048576, price: {input: 0.15, output: 0.60}}
              - {id: gpt-oss-120b, provider: openrouter, upstream: openai/gpt-oss-120b, boundary: marketplace, contextWindow: 131072,
                 price: {input: 0.03, output: 0.15}}
              - {id: model-x, provider: openrouter, marketId: pinned/model-x, pinPrice: true, boundary: marketplace,
                 price: {input: 2, output: 8}}
            """);
    static final Instant T1 = Instant.parse("2026-11-02T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-03T10:00:00Z");

    static byte[] fixture(String name) {
        try (InputStream in = PriceRefreshTest.class.getResourceAsStream("/economics/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path fixtureFile(String name) throws IOException {
        Path p = Files.createTempFile("feed", ".json");
        Files.write(p, fixture(name));
        return p;
    }

    @Test
    void feedIsReadExactlyAndOddEntriesAreSkippedNotFatal() {
        PriceFeed.Parsed feed = PriceFeed.parse(fixture("openrouter-models.json"), "fixture");
        assertThat(feed.prices()).extracting(MarketPrice::id)
                .containsExactly("z-ai/glm-5.2", "meta-llama/llama-4-maverick", "openai/gpt-oss-120b", "pinned/model-x", "vendor/not-in-catalog");
        assertThat(feed.skipped()).isEqualTo(3);
        assertThat(feed.reasons()).anySatisfy(r -> assertThat(r).contains("openrouter/auto").contains("variable"))
                .anySatisfy(r -> assertThat(r).contains("broken/no-pricing"))
                .anySatisfy(r -> assertThat(r).contains("broken/not-a-number").contains("cheap"));
        MarketPrice glm = feed.prices().get(0);
        // USD per token -> USD per 1M tokens, as an exact decimal shift.
        assertThat(glm.input()).isEqualByComparingTo("0.85");
        assertThat(glm.cachedInput()).isEqualByComparingTo("0.16");
        assertThat(glm.output()).isEqualByComparingTo("2.7");
        assertThat(glm.contextLength()).isEqualTo(1_000_000L);
        assertThat(feed.prices().get(1).cachedInput()).isNull();
        assertThatThrownBy(() -> PriceFeed.parse("{\"models\": []}".getBytes(), "x")).hasMessageContaining("data");
        assertThatThrownBy(() -> PriceFeed.parse("not json".getBytes(), "x")).hasMessageContaining("not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void refreshVersionsChangesKeepsPinnedPricesAndAudits(String kind) throws Exception {
        try (Database db = TestStores.open(kind)) {
            PriceStore store = new PriceStore(db);
            ModelCatalog catalog = new ModelCatalog(CONFIG);
            assertThat(PriceCatalog.apply(catalog, store)).isEqualTo(PriceVersion.CONFIG);

            PriceRefresh.Result first = PriceRefresh.run(CONFIG.models(), store,
                    PriceFeed.load(fixtureFile("openrouter-models.json").toString()), "fixture-1", "test", T1);
            assertThat(first.matched()).isEqualTo(4);
            assertThat(first.pinned()).containsExactly("model-x");
            assertThat(first.changes()).singleElement().satisfies(c -> {
                assertThat(c.model()).isEqualTo("glm-5.2");
                assertThat(c.prevInput()).isEqualByComparingTo("0.95");
                assertThat(c.prevCachedInput()).isEqualByComparingTo("0.18");
                assertThat(c.prevOutput()).isEqualByComparingTo("3.00");
                assertThat(c.input()).isEqualByComparingTo("0.85");
                assertThat(c.output()).isEqualByComparingTo("2.7");
                assertThat(c.versionId()).isEqualTo(first.version().id());
            });

            // The same feed again changes nothing and writes no version.
            PriceRefresh.Result again = PriceRefresh.run(CONFIG.models(), store, PriceFeed.parse(fixture("openrouter-models.json"), "fixture-1"),
                    "fixture-1", "test", T1.plusSeconds(60));
            assertThat(again.version()).isNull();
            assertThat(store.versions(10)).hasSize(1);

            PriceRefresh.Result second = PriceRefresh.run(CONFIG.models(), store, PriceFeed.parse(fixture("openrouter-models-2.json"), "fixture-2"),
                    "fixture-2", "test", T2);
            assertThat(second.changes()).extracting(PriceChange::model).containsExactly("glm-5.2");
            assertThat(second.changes().get(0).prevInput()).isEqualByComparingTo("0.85");
            assertThat(store.versions(10)).extracting(PriceVersion::id).containsExactly(second.version().id(), first.version().id());
            assertThat(store.current().id()).isEqualTo(second.version().id());
            List<PriceChange> glmHistory = store.history("glm-5.2");
            assertThat(glmHistory).extracting(PriceChange::input).usingElementComparator(BigDecimal::compareTo)
                    .containsExactly(new BigDecimal("0.85"), new BigDecimal("0.95"));
            assertThat(store.history("model-x")).isEmpty();

            assertThat(PriceCatalog.apply(catalog, store)).isEqualTo(second.version().id());
            ModelConfig glm = catalog.find("glm-5.2").orElseThrow();
            assertThat(glm.price().input()).isEqualByComparingTo("0.95");
            assertThat(glm.price().version()).isEqualTo(second.version().id());
            assertThat(glm.price().longContext().aboveTokens()).isEqualTo(500_000L); // the configured tier survives
            ModelConfig pinned = catalog.find("model-x").orElseThrow();
            assertThat(pinned.price().input()).isEqualByComparingTo("2");
            assertThat(pinned.price().version()).isEqualTo(second.version().id());

            // Billing carries the version of the card it used.
            Cost cost = CostCalculator.cost(new Usage(400_000, 0, 0, 1_000_000, 0), glm.price(), false);
            assertThat(cost.totalUsd()).isEqualByComparingTo("3.38"); // 0.4M x 0.95 + 1M x 3.00
            assertThat(cost.priceVersion()).isEqualTo(second.version().id());
            Cost longContext = CostCalculator.cost(new Usage(1_000_000, 0, 0, 1_000_000, 0), glm.price(), false);
            assertThat(longContext.totalUsd()).isEqualByComparingTo("7.9"); // above 500k: the configured tier, 1.9 + 6
            assertThat(longContext.priceVersion()).isEqualTo(second.version().id());

            int audits = db.with(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit_log WHERE action = 'prices.refresh'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(audits).isEqualTo(2);
        }
    }

    @Test
    void refreshFromALocalHttpServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = fixture("openrouter-models.json");
        server.createContext("/api/v1/models", ex -> {
            ex.getResponseHeaders().add("content-type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (Database db = TestStores.sqlite()) {
            PriceStore store = new PriceStore(db);
            PriceRefresh.Result r = PriceRefresh.run(CONFIG.models(), store, PriceFeed.load(base + "/api/v1/models"), base + "/api/v1/models", "test", T1);
            assertThat(r.changes()).extracting(PriceChange::model).containsExactly("glm-5.2");
            assertThat(store.current().source()).isEqualTo(base + "/api/v1/models");
            assertThatThrownBy(() -> PriceFeed.load(base + "/broken")).hasMessageContaining("HTTP 503");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serveRefreshesFromTheConfiguredFeedAndKeepsServingWhenItFails() throws Exception {
        Path feed = fixtureFile("openrouter-models.json");
        try (Database db = TestStores.sqlite()) {
            BrokerConfig cfg = CONFIG.withEconomics(CONFIG.economics().withPricesFrom(feed.toString()).withRefreshMinutes(5));
            ModelCatalog catalog = new ModelCatalog(cfg);
            Economics econ = new Economics(cfg, db, catalog);
            assertThat(econ.priceVersion()).isEqualTo(PriceVersion.CONFIG);
            PriceRefresh.Result r = econ.refreshFromFeed();
            assertThat(r.version()).isNotNull();
            assertThat(econ.priceVersion()).isEqualTo(r.version().id());
            assertThat(catalog.find("glm-5.2").orElseThrow().price().input()).isEqualByComparingTo("0.85");
            assertThat(catalog.priceVersion()).isEqualTo(r.version().id());
            Files.delete(feed); // the feed goes away: logged, the current version keeps serving
            assertThat(econ.refreshFromFeed()).isNull();
            assertThat(econ.priceVersion()).isEqualTo(r.version().id());
            // A version written elsewhere (the CLI, another node) is picked up on the next tick.
            PriceRefresh.Result other = PriceRefresh.run(cfg.models(), new PriceStore(db), PriceFeed.parse(fixture("openrouter-models-2.json"), "x"),
                    "x", "cli", Instant.now().plusSeconds(1));
            econ.tick();
            assertThat(econ.priceVersion()).isEqualTo(other.version().id());
            assertThat(catalog.find("glm-5.2").orElseThrow().price().input()).isEqualByComparingTo("0.95");
        }
    }
}
