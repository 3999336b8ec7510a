package io.computebroker.cache.semantic;

import io.computebroker.classify.Signals;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.classify.task.TaskClass;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.Content;
import io.computebroker.core.Json;
import io.computebroker.core.Message;
import io.computebroker.core.ResponseFormat;
import io.computebroker.core.Role;
import io.computebroker.core.StopReason;
import io.computebroker.core.Tool;
import io.computebroker.core.Usage;
import io.computebroker.core.WireFormat;
import io.computebroker.provider.embed.LocalEmbeddings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SemanticCacheTest {

    private static final String Q = "How do I reset my password?";
    private static final String PARAPHRASE = "I forgot my password, how can I set a new one?";
    private static final String P1 = "policy-v1";

    private static LocalEmbeddings embeddings;

    /** A clock the test moves by hand, for TTL and age. */
    private static final class MovableClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    private MovableClock clock;
    private SemanticCache cache;

    @BeforeAll
    static void load() {
        embeddings = new LocalEmbeddings();
    }

    @BeforeEach
    void setUp() {
        clock = new MovableClock();
        cache = new SemanticCache(embeddings, clock, 100);
    }

    // ---- fixtures

    static ChatRequest req(String system, List<Message> messages, List<Tool> tools, ResponseFormat format) {
        List<Content> sys = system == null ? List.of() : List.of(Content.Text.of(system));
        return new ChatRequest("auto", sys, messages, tools, null, null, null, null, List.of(), false, false, format,
                null, null, WireFormat.OPENAI, null);
    }

    static ChatRequest ask(String user) { return req(null, List.of(Message.user(user)), List.of(), null); }

    static ChatRequest ask(String system, String user) { return req(system, List.of(Message.user(user)), List.of(), null); }

    static Signals signals(TaskClass task, Sensitivity level) {
        return new Signals(task, Signals.Source.INFERRED, 0.9, 0.2, level, Signals.Source.INFERRED, Set.of(), null, null,
                null, null, 10, null, false, false, false);
    }

    static Signals qa() { return signals(TaskClass.QA, Sensitivity.PUBLIC); }

    static ChatResponse answer(String text) { return answer(text, StopReason.END_TURN); }

    static ChatResponse answer(String text, StopReason stop) {
        return new ChatResponse("resp-1", "model-a", List.of(Content.Text.of(text)), stop, Usage.of(10, 5));
    }

    private void storeQa(String tenant, ChatRequest r, String requestId) {
        cache.store(tenant, r, qa(), SemanticRules.defaults(), P1, "model-a", requestId, answer("Use the reset link."));
    }

    // ---- rules

    @Test
    void defaultsAreQaChatClassifyInternalPoint92OneHourServing() {
        SemanticRules d = SemanticRules.defaults();
        assertThat(d.tasks()).containsExactlyInAnyOrder(TaskClass.QA, TaskClass.CHAT, TaskClass.CLASSIFY);
        assertThat(d.maxSensitivity()).isEqualTo(Sensitivity.INTERNAL);
        assertThat(d.threshold()).isEqualTo(0.92);
        assertThat(d.ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(d.shadow()).isFalse();
        assertThatThrownBy(() -> d.withThreshold(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withThreshold(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTtl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- isolation and scope

    @Test
    void aStoredAnswerIsFoundByItsOwnTenantOnly() {
        storeQa("acme", ask(Q), "req-1");

        Optional<SemanticHit> own = cache.lookup("acme", ask(Q), qa(), SemanticRules.defaults(), P1);
        assertThat(own).isPresent();
        assertThat(own.get().sourceRequestId()).isEqualTo("req-1");
        assertThat(own.get().similarity()).isGreaterThan(0.999);
        assertThat(own.get().model()).isEqualTo("model-a");
        assertThat(own.get().response().text()).isEqualTo("Use the reset link.");

        assertThat(cache.lookup("globex", ask(Q), qa(), SemanticRules.defaults(), P1)).isEmpty();
        assertThat(cache.size("globex")).isZero();
    }

    @Test
    void aDifferentPolicyVersionMisses() {
        storeQa("acme", ask(Q), "req-1");
        assertThat(cache.lookup("acme", ask(Q), qa(), SemanticRules.defaults(), "policy-v2")).isEmpty();
        assertThat(cache.lookup("acme", ask(Q), qa(), SemanticRules.defaults(), P1)).isPresent();
    }

    @Test
    void aDifferentSystemTextOrTaskClassMisses() {
        cache.store("acme", ask("You answer for Acme.", Q), qa(), SemanticRules.defaults(), P1, "model-a", "req-1", answer("a"));

        assertThat(cache.lookup("acme", ask("You answer for Acme.", Q), qa(), SemanticRules.defaults(), P1)).isPresent();
        assertThat(cache.lookup("acme", ask("You answer for Globex.", Q), qa(), SemanticRules.defaults(), P1)).isEmpty();
        assertThat(cache.lookup("acme", ask(Q), qa(), SemanticRules.defaults(), P1)).isEmpty();
        // Same text, same system, but classified as chat: a different question for the router, so no hit.
        assertThat(cache.lookup("acme", ask("You answer for Acme.", Q), signals(TaskClass.CHAT, Sensitivity.PUBLIC),
                SemanticRules.defaults(), P1)).isEmpty();
    }

    // ---- gates

    @Test
    void confidentialAndRestrictedAreNeverCachedWhateverTheRulesSay() {
        SemanticRules permissive = SemanticRules.defaults().withMaxSensitivity(Sensitivity.RESTRICTED);
        for (Sensitivity level : List.of(Sensitivity.CONFIDENTIAL, Sensitivity.RESTRICTED)) {
            Signals s = signals(TaskClass.QA, level);
            Eligibility e = cache.eligible(ask(Q), s, permissive);
            assertThat(e.ok()).isFalse();
            assertThat(e.reason()).contains(level.wire()).contains("never cached");

            cache.store("acme", ask(Q), s, permissive, P1, "model-a", "req-" + level, answer("x"));
            assertThat(cache.size("acme")).isZero();
        }
        // Even an entry stored as public is not served to a confidential call of the same text.
        storeQa("acme", ask(Q), "req-public");
        assertThat(cache.lookup("acme", ask(Q), signals(TaskClass.QA, Sensitivity.CONFIDENTIAL), permissive, P1)).isEmpty();
    }

    @Test
    void sensitivityAboveTheTenantLimitIsNotCached() {
        SemanticRules publicOnly = SemanticRules.defaults().withMaxSensitivity(Sensitivity.PUBLIC);
        Eligibility e = cache.eligible(ask(Q), signals(TaskClass.QA, Sensitivity.INTERNAL), publicOnly);
        assertThat(e.ok()).isFalse();
        assertThat(e.reason()).contains("internal").contains("public");
        assertThat(cache.eligible(ask(Q), signals(TaskClass.QA, Sensitivity.INTERNAL), SemanticRules.defaults()).ok()).isTrue();
    }

    @Test
    void onlyTheRulesTaskClassesAreCached() {
        Signals code = signals(TaskClass.CODE, Sensitivity.PUBLIC);
        Eligibility e = cache.eligible(ask("Write a hello world in Go"), code, SemanticRules.defaults());
        assertThat(e.ok()).isFalse();
        assertThat(e.reason()).contains("code").contains("qa");
        cache.store("acme", ask("Write a hello world in Go"), code, SemanticRules.defaults(), P1, "m", "r", answer("x"));
        assertThat(cache.size("acme")).isZero();

        SemanticRules withCode = SemanticRules.defaults().withTasks(Set.of(TaskClass.CODE));
        assertThat(cache.eligible(ask("Write a hello world in Go"), code, withCode).ok()).isTrue();
        assertThat(cache.eligible(ask(Q), qa(), withCode).ok()).isFalse();
    }

    @Test
    void multiTurnToolsImagesAndStructuredOutputAreNotEligible() {
        SemanticRules rules = SemanticRules.defaults();
        Tool tool = new Tool("lookup", "find things", Json.object(), null);
        Message image = new Message(Role.USER, List.of(Content.Text.of(Q),
                new Content.Image("image/png", "aGVsbG8=", null, null, null)));
        Message toolResult = new Message(Role.USER, List.of(
                new Content.ToolResult("call_1", List.of(Content.Text.of("42")), false, null)));
        ChatRequest[] refused = {
                req(null, List.of(Message.user("Hi"), Message.assistant("Hello!"), Message.user(Q)), List.of(), null),
                req(null, List.of(Message.user(Q)), List.of(tool), null),
                req(null, List.of(image), List.of(), null),
                req(null, List.of(toolResult), List.of(), null),
                req(null, List.of(Message.assistant(Q)), List.of(), null),
                req(null, List.of(Message.user(Q)), List.of(),
                        new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, null, null, false)),
                req(null, List.of(Message.user("   ")), List.of(), null),
                req(null, List.of(Message.user("x".repeat(SemanticCache.MAX_KEY_CHARS + 1))), List.of(), null),
        };
        for (ChatRequest r : refused) {
            Eligibility e = cache.eligible(r, qa(), rules);
            assertThat(e.ok()).as(e.reason()).isFalse();
            assertThat(e.reason()).doesNotContain(Q);
            cache.store("acme", r, qa(), rules, P1, "m", "r", answer("x"));
        }
        assertThat(cache.size("acme")).isZero();

        // Tools declared only in the signals (e.g. a tool_choice the classifier saw) also refuse.
        Signals withTools = new Signals(TaskClass.QA, Signals.Source.INFERRED, 0.9, 0.2, Sensitivity.PUBLIC,
                Signals.Source.INFERRED, Set.of(), null, null, null, null, 10, null, true, false, false);
        assertThat(cache.eligible(ask(Q), withTools, rules).ok()).isFalse();

        assertThat(cache.eligible(ask("You are helpful.", Q), qa(), rules)).isEqualTo(Eligibility.yes());
    }

    @Test
    void truncatedFilteredOrToolCallAnswersAreNotStored() {
        SemanticRules rules = SemanticRules.defaults();
        cache.store("acme", ask(Q), qa(), rules, P1, "m", "r1", answer("Use the res", StopReason.MAX_TOKENS));
        cache.store("acme", ask(Q), qa(), rules, P1, "m", "r2", answer("", StopReason.CONTENT_FILTER));
        cache.store("acme", ask(Q), qa(), rules, P1, "m", "r3", new ChatResponse("x", "m",
                List.of(new Content.ToolUse("call_1", "reset", "{}", null)), StopReason.TOOL_USE, Usage.ZERO));
        cache.store("acme", ask(Q), qa(), rules, P1, "m", "r4", answer("  "));
        assertThat(cache.size("acme")).isZero();
        cache.store("acme", ask(Q), qa(), rules, P1, "m", "r5", answer("Done.", StopReason.STOP_SEQUENCE));
        assertThat(cache.size("acme")).isEqualTo(1);
    }

    // ---- time, threshold, capacity

    @Test
    void entriesExpireAfterTheTtl() {
        storeQa("acme", ask(Q), "req-1");
        SemanticRules rules = SemanticRules.defaults();

        clock.advance(Duration.ofMinutes(59));
        Optional<SemanticHit> hit = cache.lookup("acme", ask(Q), qa(), rules, P1);
        assertThat(hit).isPresent();
        assertThat(hit.get().age()).isEqualTo(Duration.ofMinutes(59));

        clock.advance(Duration.ofMinutes(1));
        assertThat(cache.lookup("acme", ask(Q), qa(), rules, P1)).as("age == ttl still hits").isPresent();

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.lookup("acme", ask(Q), qa(), rules, P1)).isEmpty();
        // TTL is a lookup rule, so a tenant that widens it sees the entry again.
        assertThat(cache.lookup("acme", ask(Q), qa(), rules.withTtl(Duration.ofHours(2)), P1)).isPresent();
    }

    @Test
    void aHitNeedsSimilarityAtOrAboveTheThreshold() {
        storeQa("acme", ask(Q), "req-1");
        double sim = cache.lookup("acme", ask(PARAPHRASE), qa(), SemanticRules.defaults().withThreshold(1e-9), P1)
                .orElseThrow().similarity();
        assertThat(sim).isBetween(0.3, 0.99);

        assertThat(cache.lookup("acme", ask(PARAPHRASE), qa(), SemanticRules.defaults().withThreshold(sim - 1e-6), P1)).isPresent();
        assertThat(cache.lookup("acme", ask(PARAPHRASE), qa(), SemanticRules.defaults().withThreshold(Math.min(1, sim + 1e-6)), P1)).isEmpty();
        // An unrelated question stays far below any sensible threshold.
        assertThat(cache.lookup("acme", ask("What is the capital of France?"), qa(), SemanticRules.defaults().withThreshold(0.5), P1)).isEmpty();
    }

    @Test
    void theClosestEntryWins() {
        storeQa("acme", ask("How do I cancel my subscription?"), "req-cancel");
        storeQa("acme", ask(Q), "req-reset");
        SemanticHit hit = cache.lookup("acme", ask(PARAPHRASE), qa(), SemanticRules.defaults().withThreshold(0.3), P1).orElseThrow();
        assertThat(hit.sourceRequestId()).isEqualTo("req-reset");
    }

    @Test
    void theOldestEntriesAreEvictedBeyondTheCap() {
        SemanticCache small = new SemanticCache(embeddings, clock, 2);
        SemanticRules rules = SemanticRules.defaults();
        String[] qs = {Q, "How do I cancel my subscription?", "Do you ship internationally?"};
        for (int i = 0; i < qs.length; i++) {
            small.store("acme", ask(qs[i]), qa(), rules, P1, "m", "req-" + i, answer("a" + i));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(small.size("acme")).isEqualTo(2);
        assertThat(small.lookup("acme", ask(qs[0]), qa(), rules, P1)).isEmpty();
        assertThat(small.lookup("acme", ask(qs[1]), qa(), rules, P1).orElseThrow().sourceRequestId()).isEqualTo("req-1");
        assertThat(small.lookup("acme", ask(qs[2]), qa(), rules, P1).orElseThrow().sourceRequestId()).isEqualTo("req-2");
    }

    // ---- shadow and logging

    @Test
    void shadowRulesStoreAndFindButMarkTheHitNotServable() {
        SemanticRules shadow = SemanticRules.defaults().withShadow(true);
        cache.store("acme", ask(Q), qa(), shadow, P1, "model-a", "req-1", answer("Use the reset link."));
        assertThat(cache.size("acme")).isEqualTo(1);

        SemanticHit hit = cache.lookup("acme", ask(Q), qa(), shadow, P1).orElseThrow();
        assertThat(hit.shadow()).isTrue();
        assertThat(hit.servable()).isFalse();

        SemanticHit serving = cache.lookup("acme", ask(Q), qa(), SemanticRules.defaults(), P1).orElseThrow();
        assertThat(serving.shadow()).isFalse();
        assertThat(serving.servable()).isTrue();
    }

    @Test
    void everyHitIsLoggedWithSimilarityEntryAndAgeButNoPromptText() {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger log = Logger.getLogger(SemanticCache.class.getName());
        Level before = log.getLevel();
        log.setLevel(Level.INFO);
        log.addHandler(capture);
        try {
            String secretish = "How do I reset the password for the Zorblax console?";
            storeQa("acme", ask(secretish), "req-1");
            clock.advance(Duration.ofMinutes(5));
            SemanticHit hit = cache.lookup("acme", ask(secretish), qa(), SemanticRules.defaults(), P1).orElseThrow();

            List<String> hits = records.stream().filter(r -> r.getLevel() == Level.INFO)
                    .map(r -> r.getMessage()).filter(m -> m.contains("semantic cache hit")).toList();
            assertThat(hits).hasSize(1);
            assertThat(hits.get(0)).contains("entry=" + hit.entryId()).contains("similarity=1.0000")
                    .contains("age=PT5M").contains("tenant=acme")
                    .doesNotContain("Zorblax").doesNotContain("reset link");
        } finally {
            log.removeHandler(capture);
            log.setLevel(before);
        }
    }

    // ---- concurrency

    @Test
    void concurrentStoresAndLookupsStayWithinTheCap() throws Exception {
        SemanticCache shared = new SemanticCache(embeddings, clock, 40);
        SemanticRules rules = SemanticRules.defaults();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        String q = "Question " + thread + "-" + i + " about invoices";
                        shared.store("acme", ask(q), qa(), rules, P1, "m", "req-" + thread + "-" + i, answer("a"));
                        shared.lookup("acme", ask(q), qa(), rules, P1);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.size("acme")).isEqualTo(40);
    }
}
