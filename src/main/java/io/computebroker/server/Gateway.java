package io.computebroker.server;

import io.computebroker.policy.PolicyStore;
import io.computebroker.config.BrokerConfig;
import io.computebroker.config.Secrets;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.decide.ModelCatalog;
import io.computebroker.identify.KeyStore;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.pipeline.Wiring;
import io.computebroker.budget.BudgetStore;
import io.computebroker.budget.LedgerSpend;
import io.computebroker.budget.LocalBudgetLedger;
import io.computebroker.budget.LocalRateLimiter;
import io.computebroker.budget.RedisBudgetLedger;
import io.computebroker.budget.RedisRateLimiter;
import io.computebroker.ledger.Ledger;
import io.computebroker.pipeline.Gate;
import io.computebroker.report.Audit;
import io.computebroker.report.Reports;
import io.computebroker.ledger.LedgerSettler;
import io.computebroker.ledger.TenantSettings;
import io.computebroker.settle.Settler;
import io.computebroker.provider.Providers;
import io.computebroker.settle.UsageTotals;
import io.computebroker.store.Database;
import io.computebroker.tokens.TokenCounter;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.nio.file.Path;

/**
 * The running data plane: store, keys, providers, pipeline and the HTTP server, built from one
 * validated config. All routes live in {@link #routing}; this class only wires and owns lifecycles.
 */
public final class Gateway implements AutoCloseable {
    private final BrokerConfig config;
    private final Database db;
    private final KeyStore keys;
    private final Providers providers;
    private final UsageTotals totals = new UsageTotals();
    private final WebServer server;
    private final PolicyStore policies;
    private final Pipeline pipeline;
    private final Ledger ledger;
    private final redis.clients.jedis.JedisPooled redis;
    private final BudgetStore budgets;
    private final io.computebroker.orchestrate.Orchestrator orchestrator;
    private final io.computebroker.economics.Economics economics;
    private final io.computebroker.batch.Drainer drainer;
    private final io.computebroker.capacity.Capacity capacity;
    private final io.computebroker.observe.Observability observe;
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("housekeeping").factory());

    private Gateway(BrokerConfig config, Secrets secrets, io.computebroker.observe.ObserveSettings observeSettings) {
        preload();
        this.config = config;
        this.observe = new io.computebroker.observe.Observability(observeSettings, config);
        Path dataDir = Path.of(config.server().dataDir());
        this.db = Database.open(config.ledger().store(), dataDir);
        this.ledger = Ledger.open(db, dataDir, nodeName(config, dataDir), config.ledger().fsync());
        this.keys = new KeyStore(db);
        this.providers = new Providers(config, secrets);
        TokenCounter tokens = TokenCounter.shared();
        ModelCatalog catalog = new ModelCatalog(config);
        this.policies = PolicyStore.open(config.server().policyFile() == null ? null : Path.of(config.server().policyFile()));
        Settler ledgerSettler = new LedgerSettler(ledger, config.baselineModel().orElse(null), new TenantSettings(db));
        this.redis = config.ledger().redis() == null ? null : new redis.clients.jedis.JedisPooled(
                io.computebroker.budget.RedisPoolConfig.forVirtualThreads(64, java.time.Duration.ofSeconds(2)), java.net.URI.create(config.ledger().redis()));
        this.budgets = new BudgetStore(db);
        this.economics = new io.computebroker.economics.Economics(config, db, catalog);
        var breakers = new io.computebroker.dispatch.Breakers(config, java.time.InstantSource.system());
        this.capacity = new io.computebroker.capacity.Capacity(config);
        this.pipeline = Wiring.pipeline(config, catalog, economics.owned(), providers, policies, Settler.all(totals, ledgerSettler, observe.settler()),
                gate(config, db, redis, budgets),
                new io.computebroker.cache.CacheStage(redis == null ? new io.computebroker.cache.LocalResponseCache(64L << 20)
                        : new io.computebroker.cache.RedisResponseCache(redis, config.ledger().redisPrefix())),
                new io.computebroker.cache.semantic.SemanticCache(providers::localEmbeddings, java.time.InstantSource.system(), 10_000),
                new io.computebroker.eval.live.AuditLog(db), breakers, capacity, observe.tracing());
        var batchStore = new io.computebroker.batch.BatchStore(db);
        var upstreamBatches = new io.computebroker.batch.upstream.UpstreamBatches(new io.computebroker.batch.upstream.UpstreamStore(db),
                pipeline.handoff(), config, secrets, ledger.node(), java.time.InstantSource.system());
        this.drainer = new io.computebroker.batch.Drainer(batchStore, pipeline, policies, capacity, keys, config, ledger.node(),
                java.time.InstantSource.system(), upstreamBatches);
        var batchService = new io.computebroker.batch.BatchService(batchStore, java.time.InstantSource.system(), drainer::wake);
        var budgetStatuses = new io.computebroker.budget.BudgetStatuses(budgets::list, new LedgerSpend(db), java.time.Instant::now);
        observe.health(config, providers, breakers, capacity);
        observe.budgets(budgetStatuses);
        long maxBody = config.server().maxBodyBytes();
        Authenticator auth = new Authenticator(keys);
        AdminHandler admin = new AdminHandler(auth, new Reports(db), new Audit(db));
        ChatHandler chat = new ChatHandler(auth, pipeline, maxBody, batchService, observe);
        BatchHandler batchApi = new BatchHandler(auth, batchService, maxBody);
        DashboardHandler dashboard = new DashboardHandler(admin, new io.computebroker.report.Breakdowns(db), budgetStatuses, config,
                providers, breakers, capacity);
        var metrics = observe.metrics();
        ModelsHandler models = new ModelsHandler(auth, catalog, providers);
        EmbeddingsHandler embeddings = new EmbeddingsHandler(auth, catalog, providers, maxBody);
        CountTokensHandler countTokens = new CountTokensHandler(auth, tokens, maxBody);
        HealthHandler health = new HealthHandler(db, providers);
        this.orchestrator = new io.computebroker.orchestrate.Orchestrator(pipeline, db, budgets, new io.computebroker.eval.live.AuditLog(db),
                io.computebroker.orchestrate.AgentSettings.load(dataDir), config.baselineModel().orElse(null), nodeName(config, dataDir));
        RunsHandler runs = new RunsHandler(auth, orchestrator, maxBody);
        this.server = serverSettings(WebServer.builder())
                .host(config.server().host())
                .port(config.server().port())
                .routing(r -> {
                    runs.register(r); // the orchestration plane's routes, ahead of the /v1/* catch-all
                    routing(r.register(batchApi), chat, models, embeddings, countTokens, health, admin);
                    observability(r, dashboard, metrics);
                })
                .build();
    }

    /**
     * The web server's settings, apart from address and routes. Public so that {@code broker bench floor} runs its bare
     * relay on exactly these.
     */
    public static io.helidon.webserver.WebServerConfig.Builder serverSettings(io.helidon.webserver.WebServerConfig.Builder b) {
        return b.maxPayloadSize(-1) // limits are ours (413 in the caller's format), not Helidon's
                // Helidon's NIO socket holds two 8 KiB buffers per connection, its plain socket one: with 1,000 open
                // streams that is 8 MB less that every young collection copies while they last (bench streams).
                .useNio(false)
                // Its response stream buffers writeBufferSize bytes per stream (4 KiB by default), held as long as the
                // stream lasts; the SSE writer collects a flush's events itself and hands them over in one write.
                .writeBufferSize(512)
                // Helidon leaves Nagle's algorithm on for the sockets it accepts: a stream's next event, a small
                // write, then waits for the caller's (delayed) ACK of the last one whenever that has not come yet.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .shutdownHook(false);
    }

    private static final java.util.concurrent.atomic.AtomicBoolean PRELOADED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts loading, on daemon threads, what start-up would otherwise load one after another on the
     * main thread: the tokenizer and the task model (the slowest parts), Helidon's routing classes,
     * whose static set-up reads the service registry out of the jar (~120 ms of a cold start, JFR), and
     * SQLite's native library.
     * {@code serve} calls this before it parses its configuration; the constructor calls it again (a
     * no-op then) for every other way in. Class initialisation is thread-safe, so a thread that needs a
     * class first simply waits for the one already loading it.
     */
    public static void preload() {
        if (!PRELOADED.compareAndSet(false, true)) return;
        Thread.ofPlatform().daemon().name("preload").start(() -> io.computebroker.classify.task.TaskClassifier.builtIn());
        TokenCounter.preload();
        Thread.ofPlatform().daemon().name("preload-http").start(() -> {
            HttpRouting.builder();
            try { // extracts and checks SQLite's native library (~30 ms); a PostgreSQL store never opens it
                org.sqlite.SQLiteJDBCLoader.initialize();
            } catch (Exception e) {
                // the store reports its own error when it opens
            }
        });
    }

    static void routing(HttpRouting.Builder r, ChatHandler chat, ModelsHandler models, EmbeddingsHandler embeddings,
                        CountTokensHandler countTokens, HealthHandler health, AdminHandler admin) {
        r.post("/v1/chat/completions", (req, res) -> chat.handle(req, res, CallerFormat.OPENAI))
         .post("/v1/messages", (req, res) -> chat.handle(req, res, CallerFormat.ANTHROPIC))
         .post("/v1/messages/count_tokens", countTokens::handle)
         .post("/v1/embeddings", embeddings::handle)
         .get("/v1/models", models::handle)
         .get("/health", health::health)
         .get("/ready", health::ready)
         .get("/admin/report", admin::report)
         .get("/admin/audit", admin::audit)
         .any("/v1/*", (req, res) -> Http.error(res, Http.formatOf(req), new BrokerException(ErrorKind.NOT_FOUND,
                 "no such endpoint: " + req.prologue().method().text() + " " + req.path().path())));
    }

    /** The dashboard, its admin JSON and the Prometheus endpoint (unauthenticated, like /health: no per-request data). */
    static void observability(HttpRouting.Builder r, DashboardHandler dashboard, io.computebroker.observe.Metrics metrics) {
        UiHandler ui = new UiHandler();
        r.get("/metrics", (req, res) -> {
            res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, metrics.contentType());
            res.send(metrics.scrape());
        })
         .get("/admin/timeseries", dashboard::timeseries)
         .get("/admin/routes", dashboard::routes)
         .get("/admin/cache", dashboard::cache)
         .get("/admin/decisions", dashboard::decisions)
         .get("/admin/budgets", dashboard::budgets)
         .get("/admin/providers", dashboard::providers)
         .get("/ui", ui::handle)
         .get("/ui/*", ui::handle);
    }

    public static Gateway start(BrokerConfig config, Secrets secrets) {
        return start(config, secrets, io.computebroker.observe.ObserveSettings.OFF);
    }

    /** With metrics always on, and the access log and tracing as {@code observe} says. */
    public static Gateway start(BrokerConfig config, Secrets secrets, io.computebroker.observe.ObserveSettings observe) {
        Gateway g = new Gateway(config, secrets, observe);
        g.server.start();
        g.orchestrator.start(); // adopts runs a previous process left unfinished
        g.economics.schedule(g.housekeeping); // live prices and measured owned utilisation, off the request path
        g.drainer.start();
        // Retention: stored prompt/completion text older than each tenant's retention period is removed.
        io.computebroker.report.Erasure erasure = new io.computebroker.report.Erasure(g.db);
        g.housekeeping.scheduleWithFixedDelay(() -> {
            try {
                erasure.purgeText(java.time.Instant.now());
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(Gateway.class.getName()).warning("retention sweep failed: " + e.getMessage());
            }
        }, 1, 360, java.util.concurrent.TimeUnit.MINUTES);
        return g;
    }

    public int port() { return server.port(); }

    public KeyStore keys() { return keys; }

    public UsageTotals totals() { return totals; }

    public Providers providers() { return providers; }

    public BrokerConfig config() { return config; }

    public Pipeline pipeline() { return pipeline; }

    public Ledger ledger() { return ledger; }

    /** This node's budget definitions (changes made through it apply at once; other writers within seconds). */
    public BudgetStore budgets() { return budgets; }

    public Database database() { return db; }

    /** The orchestration plane (runs, task ledger, workers) of this node. */
    public io.computebroker.orchestrate.Orchestrator orchestrator() { return orchestrator; }
    /** Live price versions and owned-capacity pricing. */
    public io.computebroker.economics.Economics economics() { return economics; }
    /** Owned in-flight counts, shared by dispatch and the batch lane. */
    public io.computebroker.capacity.Capacity capacity() { return capacity; }

    /** The batch lane's drainer (tests look at the queue through it). */
    public io.computebroker.batch.Drainer drainer() { return drainer; }

    /** Budgets and rate limits: in-process for one node, Redis (atomic Lua) when nodes share counters. */
    static Gate gate(BrokerConfig config, Database db, redis.clients.jedis.JedisPooled redis, BudgetStore store) {
        LedgerSpend spent = new LedgerSpend(db);
        if (redis == null) return new Gate(store, new LocalBudgetLedger(spent), new LocalRateLimiter());
        String prefix = config.ledger().redisPrefix();
        // Holds outlive the longest call (provider timeouts are minutes); a dead node's holds expire after this.
        return new Gate(store, new RedisBudgetLedger(redis, prefix, spent, java.time.Duration.ofMinutes(15)), new RedisRateLimiter(redis, prefix));
    }

    /** This node's name in the ledger: configured, else host name plus a hash of the data directory. */
    static String nodeName(BrokerConfig config, Path dataDir) {
        if (config.ledger().node() != null) return config.ledger().node();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + "-" + Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
    }

    public PolicyStore policies() { return policies; }

    public io.computebroker.observe.Observability observability() { return observe; }

    @Override
    public void close() {
        orchestrator.close();
        server.stop();
        drainer.close();
        housekeeping.shutdownNow();
        policies.close();
        providers.close();
        ledger.close();
        observe.close();
        if (redis != null) redis.close();
        db.close();
    }
}
