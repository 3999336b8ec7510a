package io.computebroker.economics;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.EconomicsConfig;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.store.Database;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The economics side of a running gateway: the live price catalog and owned-capacity pricing, kept current
 * off the request path. Every minute it re-applies the store's newest price version (so a refresh made by
 * the CLI or another node reaches this one) and re-measures owned utilisation; with
 * {@code economics.pricesFrom} set it also refreshes prices from the feed every {@code pricesRefreshMinutes}.
 */
public final class Economics {
    private static final Logger LOG = Logger.getLogger(Economics.class.getName());
    private final BrokerConfig config;
    private final ModelCatalog catalog;
    private final PriceStore prices;
    private final OwnedCost owned;
    private volatile String applied;

    public Economics(BrokerConfig config, Database db, ModelCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
        this.prices = new PriceStore(db);
        this.owned = new OwnedCost(config, db, Duration.ofHours(config.economics().utilisationWindowHours()));
        this.applied = PriceCatalog.apply(catalog, prices);
        owned.refresh(Instant.now());
    }

    public OwnedCost owned() { return owned; }

    public ModelCatalog catalog() { return catalog; }

    /** The price version routing and billing use now. */
    public String priceVersion() { return applied; }

    /** Schedules the background work on {@code exec} (the gateway's housekeeping thread). */
    public void schedule(ScheduledExecutorService exec) {
        exec.scheduleWithFixedDelay(this::tick, 60, 60, TimeUnit.SECONDS);
        EconomicsConfig e = config.economics();
        if (e.pricesFrom() != null) {
            exec.scheduleWithFixedDelay(this::refreshFromFeed, 0, e.pricesRefreshMinutes(), TimeUnit.MINUTES);
        }
    }

    /** Re-applies the newest stored version when it changed, and re-measures utilisation. */
    public void tick() {
        try {
            PriceVersion v = prices.current();
            String newest = v == null ? PriceVersion.CONFIG : v.id();
            if (!newest.equals(applied)) {
                applied = PriceCatalog.apply(catalog, prices);
                LOG.info("price version " + applied + " applied");
            }
            owned.refresh(Instant.now());
        } catch (RuntimeException ex) {
            LOG.warning("economics refresh failed: " + ex.getMessage());
        }
    }

    /** One scheduled feed refresh; failures are logged and the current version keeps serving. */
    public PriceRefresh.Result refreshFromFeed() {
        String from = config.economics().pricesFrom();
        try {
            PriceRefresh.Result r = PriceRefresh.run(catalog.configured(), prices, PriceFeed.load(from), from, "serve", Instant.now());
            if (r.version() != null) {
                applied = PriceCatalog.apply(catalog, prices);
                LOG.info("prices refreshed from " + from + ": " + r.changes().size() + " changed, version " + applied);
            }
            return r;
        } catch (RuntimeException ex) {
            LOG.warning("price refresh from " + from + " failed (version " + applied + " keeps serving): " + ex.getMessage());
            return null;
        }
    }
}
