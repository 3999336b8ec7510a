package io.computebroker.cache.semantic;

import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.core.StopReason;
import io.computebroker.provider.embed.LocalEmbeddings;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A governed semantic response cache: answers a single-turn question with a stored answer to a question
 * that means the same, but only where reuse is safe to explain. Governance comes first: a call is checked
 * for eligibility (sensitivity, task class, shape) before any embedding work, a hit must share the tenant,
 * task class, exact system text and policy version, and every hit is logged with its similarity and age.
 *
 * <p>Each tenant has its own index and a lookup only ever reads the caller's, so a cross-tenant hit is
 * impossible by construction rather than by a filter. Entries hold the answer and an embedding, never the
 * prompt text. Thread-safe.
 */
public final class SemanticCache {

    private static final Logger LOG = Logger.getLogger(SemanticCache.class.getName());

    /**
     * Personal data and secrets are never cached, whatever a tenant's rules say: an answer built around one
     * person's data must not be replayed to a similar-sounding question about another.
     */
    static final Sensitivity NEVER_AT_OR_ABOVE = Sensitivity.CONFIDENTIAL;

    /**
     * Longer prompts are not cached: similarity of long texts says little about whether one answer fits
     * both, and it bounds the embedding work a lookup adds to a call.
     */
    static final int MAX_KEY_CHARS = 4_000;

    private final java.util.function.Supplier<LocalEmbeddings> embeddings;
    private final InstantSource clock;
    private final int maxEntriesPerTenant;
    private final ConcurrentHashMap<String, TenantIndex> tenants = new ConcurrentHashMap<>();

    public SemanticCache(LocalEmbeddings embeddings, InstantSource clock, int maxEntriesPerTenant) {
        this(() -> embeddings, clock, maxEntriesPerTenant);
        Objects.requireNonNull(embeddings, "embeddings");
    }

    /** With the model supplied lazily: a broker that never enables the semantic cache never loads it. */
    public SemanticCache(java.util.function.Supplier<LocalEmbeddings> embeddings, InstantSource clock, int maxEntriesPerTenant) {
        if (maxEntriesPerTenant < 1) throw new IllegalArgumentException("maxEntriesPerTenant must be >= 1");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxEntriesPerTenant = maxEntriesPerTenant;
    }

    /** Whether this call may be answered from, or stored into, the cache; cheap, no embedding. */
    public Eligibility eligible(ChatRequest req, Signals s, SemanticRules rules) {
        Sensitivity level = s.sensitivity();
        if (level.compareTo(NEVER_AT_OR_ABOVE) >= 0) {
            return Eligibility.no("sensitivity " + level.wire() + " is never cached");
        }
        if (level.compareTo(rules.maxSensitivity()) > 0) {
            return Eligibility.no("sensitivity " + level.wire() + " is above the cache limit " + rules.maxSensitivity().wire());
        }
        if (!rules.tasks().contains(s.task())) {
            return Eligibility.no("task " + s.task().wire() + " is not cached (cached: "
                    + rules.tasks().stream().map(TaskClass::wire).sorted().collect(Collectors.joining(", ")) + ")");
        }
        if (!req.tools().isEmpty() || s.hasTools()) return Eligibility.no("request declares tools");
        if (req.hasImages() || s.hasImages()) return Eligibility.no("request carries images");
        if (req.messages().size() != 1) {
            return Eligibility.no("not single-turn (" + req.messages().size() + " messages)");
        }
        Message only = req.messages().get(0);
        if (only.role() != Role.USER) return Eligibility.no("the only message is not a user turn");
        if (!allText(only)) return Eligibility.no("user turn carries non-text content (tool results)");
        if (req.system().stream().anyMatch(c -> !(c instanceof Content.Text))) {
            return Eligibility.no("system prompt carries non-text content");
        }
        if (req.responseFormat() != null && req.responseFormat().kind() != ResponseFormat.Kind.TEXT) {
            // The schema shapes the answer but is not part of the key.
            return Eligibility.no("structured output requested");
        }
        if (SemanticKey.userText(req).isBlank()) return Eligibility.no("no user text");
        int chars = req.systemText().length() + SemanticKey.userText(req).length();
        if (chars > MAX_KEY_CHARS) return Eligibility.no("prompt longer than " + MAX_KEY_CHARS + " characters");
        return Eligibility.yes();
    }

    /**
     * The closest stored answer for this tenant, or empty. Eligibility is checked first: an ineligible call
     * returns empty without any embedding work. A hit under shadow rules is returned with
     * {@link SemanticHit#shadow()} set; the caller records it and dispatches anyway.
     */
    public Optional<SemanticHit> lookup(String tenant, ChatRequest req, Signals s, SemanticRules rules, String policyVersion) {
        requireScope(tenant, policyVersion);
        if (!eligible(req, s, rules).ok()) return Optional.empty();
        TenantIndex index = tenants.get(tenant);
        if (index == null) return Optional.empty();
        SemanticKey key = SemanticKey.of(req);
        if (!index.hasScope(s.task(), key.systemDigest(), policyVersion)) return Optional.empty();

        float[] vector = embedOrNull(key);
        if (vector == null) return Optional.empty();
        Optional<TenantIndex.Match> match = index.best(s.task(), key.systemDigest(), policyVersion, vector,
                clock.instant(), rules.ttl(), rules.threshold());
        return match.map(m -> hit(tenant, policyVersion, m, rules.shadow()));
    }

    /**
     * Records a successful answer. Ineligible calls, and answers that are not a complete text reply
     * (truncated, filtered, tool calls), are ignored: replaying them would repeat the failure. Shadow rules
     * still store, so shadow mode measures what the cache would serve.
     */
    public void store(String tenant, ChatRequest req, Signals s, SemanticRules rules, String policyVersion,
                      String model, String requestId, ChatResponse resp) {
        requireScope(tenant, policyVersion);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(requestId, "requestId");
        if (resp == null || !completeTextAnswer(resp)) return;
        Eligibility e = eligible(req, s, rules);
        if (!e.ok()) {
            LOG.log(Level.FINE, "semantic cache store skipped: {0}", e.reason());
            return;
        }
        SemanticKey key = SemanticKey.of(req);
        float[] vector = embedOrNull(key);
        if (vector == null) return;
        CacheEntry entry = new CacheEntry("sc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                requestId, s.task(), key.systemDigest(), policyVersion, model, clock.instant(), vector, resp);
        tenants.computeIfAbsent(tenant, t -> new TenantIndex(maxEntriesPerTenant)).add(entry);
    }

    /** Entries held for {@code tenant}; for tests and metrics. */
    int size(String tenant) {
        TenantIndex index = tenants.get(tenant);
        return index == null ? 0 : index.size();
    }

    private SemanticHit hit(String tenant, String policyVersion, TenantIndex.Match m, boolean shadow) {
        CacheEntry e = m.entry();
        // Identifiers and numbers only: the prompt and the answer stay out of the log.
        LOG.info(() -> String.format(Locale.ROOT,
                "semantic cache hit%s tenant=%s entry=%s source_request=%s similarity=%.4f age=%s task=%s policy=%s model=%s",
                shadow ? " (shadow, not served)" : "", tenant, e.id(), e.sourceRequestId(), m.similarity(), m.age(),
                e.task().wire(), policyVersion, e.model()));
        return new SemanticHit(e.id(), e.sourceRequestId(), m.similarity(), m.age(), e.model(), e.response(), shadow);
    }

    /** The cache is an optimisation path: an embedding failure is a miss, never a failed call. */
    private float[] embedOrNull(SemanticKey key) {
        try {
            return embeddings.get().embed(key.embedText());
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "semantic cache embedding failed, treating as a miss: {0}", ex.getClass().getSimpleName());
            return null;
        }
    }

    private static boolean allText(Message m) {
        return m.content().stream().allMatch(c -> c instanceof Content.Text);
    }

    private static boolean completeTextAnswer(ChatResponse r) {
        boolean finished = r.stopReason() == StopReason.END_TURN || r.stopReason() == StopReason.STOP_SEQUENCE;
        return finished && !r.content().isEmpty() && r.content().stream().allMatch(c -> c instanceof Content.Text)
                && !r.text().isBlank();
    }

    private static void requireScope(String tenant, String policyVersion) {
        if (tenant == null || tenant.isBlank()) throw new IllegalArgumentException("tenant is required");
        Objects.requireNonNull(policyVersion, "policyVersion");
    }
}
