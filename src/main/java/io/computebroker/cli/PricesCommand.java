package io.computebroker.cli;

import io.computebroker.config.BrokerConfig;
import io.computebroker.config.ModelConfig;
import io.computebroker.config.Price;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.economics.PriceCatalog;
import io.computebroker.economics.PriceChange;
import io.computebroker.economics.PriceFeed;
import io.computebroker.economics.PriceRefresh;
import io.computebroker.economics.PriceStore;
import io.computebroker.economics.PriceVersion;
import io.computebroker.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** {@code broker prices refresh|list|history}: marketplace prices, versioned in the store. */
@Command(name = "prices", mixinStandardHelpOptions = true, description = "Live model prices: refresh from a marketplace feed, list, history.",
        subcommands = {PricesCommand.Refresh.class, PricesCommand.ListPrices.class, PricesCommand.History.class})
final class PricesCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = "Read a model list in the OpenRouter /api/v1/models shape and record changed prices as a new version.")
    static final class Refresh implements Runnable {
        @Spec CommandSpec spec;
        @Mixin ConfigOptions options;
        @Option(names = "--from", required = true, paramLabel = "FILE|URL", description = "the feed, e.g. https://openrouter.ai/api/v1/models")
        String from;

        @Override
        public void run() {
            BrokerConfig cfg = options.load();
            PriceFeed.Parsed feed;
            try {
                feed = PriceFeed.load(from);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = options.openStore()) {
                PriceRefresh.Result r = PriceRefresh.run(cfg.models(), new PriceStore(db), feed, from, "cli", Instant.now());
                out.printf("feed %s: %d entries, %d usable, %d skipped; %d match catalog models%n", from, r.feedEntries(),
                        r.feedEntries() - r.skipped(), r.skipped(), r.matched());
                for (String why : r.skippedReasons()) out.println("  skipped: " + why);
                if (!r.pinned().isEmpty()) out.println("pinned (kept as configured): " + String.join(", ", r.pinned()));
                if (r.version() == null) out.println("no price changed; current version stays");
                else {
                    out.printf("version %s: %d price(s) changed%n", r.version().id(), r.changes().size());
                    changes(out, r.changes());
                }
            }
            out.flush();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The prices routing uses now, and their version.")
    static final class ListPrices implements Runnable {
        @Spec CommandSpec spec;
        @Mixin ConfigOptions options;

        @Override
        public void run() {
            BrokerConfig cfg = options.load();
            ModelCatalog catalog = new ModelCatalog(cfg);
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = options.openStore()) {
                String version = PriceCatalog.apply(catalog, new PriceStore(db));
                out.println("price version " + version);
            }
            TextTable t = new TextTable(List.of("MODEL", "MARKET ID", "INPUT $/M", "CACHED $/M", "OUTPUT $/M", "CONTEXT", "SOURCE"), 2, 3, 4, 5);
            for (ModelConfig m : catalog.all()) {
                Price p = m.price();
                ModelConfig conf = catalog.configured().stream().filter(c -> c.id().equals(m.id())).findFirst().orElseThrow();
                String source = m.pinPrice() ? "pinned" : p.input().compareTo(conf.price().input()) == 0 && p.output().compareTo(conf.price().output()) == 0
                        && same(p.cachedInput(), conf.price().cachedInput()) ? "config" : "market";
                t.row(List.of(m.id(), m.marketId(), plain(p.input()), plain(p.cachedInput()), plain(p.output()), String.valueOf(m.contextWindow()), source));
            }
            t.print(out);
            out.flush();
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Price versions, newest first, with what changed.")
    static final class History implements Runnable {
        @Spec CommandSpec spec;
        @Mixin ConfigOptions options;
        @Option(names = "--model", paramLabel = "ID", description = "only this model's changes") String model;
        @Option(names = "--limit", defaultValue = "20", description = "versions to show (default: ${DEFAULT-VALUE})") int limit;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = options.openStore()) {
                PriceStore store = new PriceStore(db);
                List<PriceChange> all = store.history(model);
                List<PriceVersion> versions = store.versions(limit);
                if (versions.isEmpty()) out.println("no price versions yet (configured prices only)");
                for (PriceVersion v : versions) {
                    List<PriceChange> mine = all.stream().filter(c -> c.versionId().equals(v.id())).toList();
                    if (model != null && mine.isEmpty()) continue;
                    out.printf("%s  %s  by %s  from %s  (%d change%s)%n", v.id(), v.createdAt(), v.actor(), v.source(), v.changes(),
                            v.changes() == 1 ? "" : "s");
                    changes(out, mine);
                }
            }
            out.flush();
        }
    }

    static void changes(PrintWriter out, List<PriceChange> changes) {
        TextTable t = new TextTable(List.of("MODEL", "MARKET ID", "INPUT $/M", "CACHED $/M", "OUTPUT $/M", "CONTEXT"), 2, 3, 4, 5);
        for (PriceChange c : changes) {
            t.row(List.of(c.model(), c.marketId(), move(c.prevInput(), c.input()), move(c.prevCachedInput(), c.cachedInput()),
                    move(c.prevOutput(), c.output()), c.prevContextLength() == null || c.prevContextLength().equals(c.contextLength())
                            ? String.valueOf(c.contextLength()) : c.prevContextLength() + " -> " + c.contextLength()));
        }
        t.print(out);
    }

    private static String move(BigDecimal before, BigDecimal after) {
        if (before != null && after != null && before.compareTo(after) == 0) return plain(after);
        return plain(before) + " -> " + plain(after);
    }

    private static boolean same(BigDecimal a, BigDecimal b) { return a == null ? b == null : b != null && a.compareTo(b) == 0; }

    private static String plain(BigDecimal d) { return d == null ? "-" : d.stripTrailingZeros().toPlainString(); }
}
