package io.computebroker.observe;

import io.computebroker.config.ModelConfig;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.ChatResponse;
import io.computebroker.core.BrokerException;
import io.computebroker.decide.Candidate;
import io.computebroker.decide.Decision;
import io.computebroker.ledger.Nusd;
import io.computebroker.settle.CostCalculator;
import io.computebroker.settle.Settlement;
import io.computebroker.settle.Settler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * OpenTelemetry traces, off unless an OTLP endpoint (or, in tests, an exporter) is configured.
 *
 * <p>Shape of one chat request: a SERVER span {@code chat <requested model>} opened at the HTTP edge
 * (continuing the caller's W3C {@code traceparent} if any), one INTERNAL child per pipeline stage
 * ({@code broker.classify}, {@code broker.decide}, {@code broker.reserve}, {@code broker.cache},
 * {@code broker.dispatch}, {@code broker.settle}), and under dispatch one CLIENT span per upstream
 * attempt ({@code chat <upstream model>}), whose context is what {@link #inject} sends upstream. The
 * settle stage writes the outcome (served model, usage, cost, baseline, cache, decision) onto the root.
 *
 * <p>Off means {@link #OFF}: every method returns a shared no-op, no context is touched, nothing is
 * allocated per request.
 */
public final class Tracing implements Settler, AutoCloseable {
    public static final Tracing OFF = new Tracing(null, null, null);

    private static final ContextKey<Span> ROOT = ContextKey.named("broker-root-span");
    private static final ContextKey<String> REQUEST_ID = ContextKey.named("broker-request-id");
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final Stage NO_STAGE = () -> { };
    private static final Request NO_REQUEST = new Request(null, null);

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final ModelConfig baseline;

    private Tracing(SdkTracerProvider provider, Tracer tracer, ModelConfig baseline) {
        this.provider = provider;
        this.tracer = tracer;
        this.baseline = baseline;
    }

    /** Traces to {@code settings}' exporter or OTLP endpoint; {@link #OFF} when it has neither. */
    public static Tracing of(ObserveSettings settings, ModelConfig baseline) {
        SpanProcessor processor;
        if (settings.exporter() != null) {
            processor = SimpleSpanProcessor.create(settings.exporter()); // tests: spans visible as soon as they end
        } else if (settings.otlpEndpoint() != null) {
            SpanExporter otlp = OtlpHttpSpanExporter.builder().setEndpoint(settings.otlpEndpoint()).build();
            processor = BatchSpanProcessor.builder(otlp).build(); // off the request path; drops when the queue is full
        } else {
            return OFF;
        }
        SdkTracerProvider p = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), settings.serviceName()))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.traceSampleRatio())))
                .addSpanProcessor(processor)
                .build();
        return new Tracing(p, p.get("io.computebroker"), baseline);
    }

    public boolean enabled() { return tracer != null; }

    /** A span that is current until closed. Close on the thread that opened it. */
    @FunctionalInterface
    public interface Stage extends AutoCloseable {
        @Override
        void close();
    }

    /** One pipeline stage as a child of the current span. */
    public Stage stage(String name) {
        if (tracer == null) return NO_STAGE;
        Span span = tracer.spanBuilder("broker." + name).setSpanKind(SpanKind.INTERNAL).startSpan();
        Scope scope = span.makeCurrent();
        return () -> {
            scope.close();
            span.end();
        };
    }

    /** The root span of one HTTP request, current until {@link Request#end}. */
    public static final class Request {
        private final Span span;
        private final Scope scope;

        private Request(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Once the body is decoded: the GenAI request attributes and the span name {@code chat <model>}. */
        public void decoded(ChatRequest r) {
            if (span == null) return;
            span.updateName("chat " + r.model());
            span.setAttribute(GenAi.REQUEST_MODEL, r.model());
            span.setAttribute(GenAi.STREAMED, r.stream());
            if (r.maxTokens() != null) span.setAttribute(GenAi.REQUEST_MAX_TOKENS, (long) r.maxTokens());
            if (r.temperature() != null) span.setAttribute(GenAi.REQUEST_TEMPERATURE, r.temperature());
        }

        public void tenant(String tenant) {
            if (span != null) span.setAttribute(GenAi.TENANT, tenant);
        }

        /** Ends the span with the status the caller got; {@code errorType} is null on success. */
        public void end(int status, String errorType) {
            if (span == null) return;
            span.setAttribute(GenAi.HTTP_STATUS, (long) status);
            if (errorType != null) {
                span.setAttribute(GenAi.ERROR_TYPE, errorType);
                if (status >= 500) span.setStatus(StatusCode.ERROR);
            }
            scope.close();
            span.end();
        }
    }

    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) { return List.of("traceparent", "tracestate"); }

        @Override
        public String get(Function<String, String> carrier, String key) { return carrier == null ? null : carrier.apply(key); }
    };

    /** Opens the root span, continuing the caller's trace when it sent {@code traceparent}. */
    public Request request(String route, String requestId, Function<String, String> header) {
        if (tracer == null) return NO_REQUEST;
        Context parent = W3C.extract(Context.root(), header, HEADERS);
        Span span = tracer.spanBuilder("chat").setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(GenAi.OPERATION, "chat").setAttribute(GenAi.HTTP_METHOD, "POST").setAttribute(GenAi.HTTP_ROUTE, route)
                .setAttribute(GenAi.REQUEST_ID, requestId).startSpan();
        Scope scope = parent.with(span).with(ROOT, span).with(REQUEST_ID, requestId).makeCurrent();
        return new Request(span, scope);
    }

    /** One upstream attempt as a CLIENT span, current while {@code call} runs (so {@link #inject} propagates it). */
    public ChatResponse upstream(ModelConfig model, int attempt, Supplier<ChatResponse> call) {
        if (tracer == null) return call.get();
        Span span = tracer.spanBuilder("chat " + model.upstream()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(GenAi.OPERATION, "chat").setAttribute(GenAi.PROVIDER, model.provider())
                .setAttribute(GenAi.REQUEST_MODEL, model.upstream()).setAttribute(GenAi.MODEL, model.id())
                .setAttribute(GenAi.BOUNDARY, model.boundary().wire()).setAttribute(GenAi.ATTEMPT, (long) attempt).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ChatResponse r = call.get();
            if (r != null) { // null for streams: their usage lands on the root span at settle
                if (r.model() != null) span.setAttribute(GenAi.RESPONSE_MODEL, r.model());
                if (r.id() != null) span.setAttribute(GenAi.RESPONSE_ID, r.id());
                span.setAttribute(GenAi.FINISH_REASONS, List.of(r.stopReason().openAi()));
                span.setAttribute(GenAi.INPUT_TOKENS, r.usage().inputTokens());
                span.setAttribute(GenAi.OUTPUT_TOKENS, r.usage().outputTokens());
            }
            return r;
        } catch (RuntimeException e) {
            span.setAttribute(GenAi.ERROR_TYPE, errorType(e));
            span.setStatus(StatusCode.ERROR, e.getMessage() == null ? "" : e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    /** Error kind in snake case for a broker error, else the exception's class name. */
    public static String errorType(Throwable e) {
        if (e instanceof BrokerException b) return b.kind().name().toLowerCase(Locale.ROOT);
        return e.getClass().getSimpleName();
    }

    /** Adds W3C {@code traceparent}/{@code tracestate} of the current span to an upstream request; nothing without one. */
    public static void inject(BiConsumer<String, String> header) {
        W3C.inject(Context.current(), header, (h, k, v) -> h.accept(k, v));
    }

    /** The outcome onto the root span of the request being settled (not onto shadow or judge calls). */
    @Override
    public void settle(Settlement s) {
        if (tracer == null) return;
        Context ctx = Context.current();
        Span root = ctx.get(ROOT);
        if (root == null || !s.requestId().equals(ctx.get(REQUEST_ID))) return;
        Decision d = s.decision();
        root.setAttribute(GenAi.TENANT, s.principal().tenant());
        if (d.signals().feature() != null) root.setAttribute(GenAi.FEATURE, d.signals().feature());
        root.setAttribute(GenAi.TASK, d.signals().task().wire());
        root.setAttribute(GenAi.SENSITIVITY, d.signals().sensitivity().wire());
        root.setAttribute(GenAi.DECISION_ID, d.id());
        root.setAttribute(GenAi.DECISION_RULE, d.rule());
        root.setAttribute(GenAi.DECISION_MODE, d.mode().wire());
        root.setAttribute(GenAi.DECISION_CHOSEN, d.chosen().id());
        root.setAttribute(GenAi.DECISION_SUMMARY, d.summary());
        root.setAttribute(GenAi.DECISION_CANDIDATES, d.candidates().stream().filter(Candidate::eligible).count());
        root.setAttribute(GenAi.POLICY_VERSION, d.policyVersion());
        root.setAttribute(GenAi.CACHE, s.cacheOutcome() == null ? "none" : s.cacheOutcome());
        root.setAttribute(GenAi.FALLBACK, s.fellBack());
        root.setAttribute(GenAi.SPILLED, s.spilled());
        ModelConfig m = s.served();
        if (m == null) return;
        root.setAttribute(GenAi.PROVIDER, m.provider());
        root.setAttribute(GenAi.RESPONSE_MODEL, m.id());
        root.setAttribute(GenAi.MODEL, m.id());
        root.setAttribute(GenAi.BOUNDARY, m.boundary().wire());
        if (m.region() != null) root.setAttribute(GenAi.REGION, m.region());
        root.setAttribute(GenAi.INPUT_TOKENS, s.usage().inputTokens());
        root.setAttribute(GenAi.OUTPUT_TOKENS, s.usage().outputTokens());
        if (s.usage().cachedInputTokens() > 0) root.setAttribute(GenAi.CACHED_INPUT_TOKENS, s.usage().cachedInputTokens());
        root.setAttribute(GenAi.COST_USD, s.cost().totalUsd().doubleValue());
        root.setAttribute(GenAi.COST_ESTIMATED, s.cost().estimated());
        boolean hit = s.cacheOutcome() != null && s.cacheOutcome().endsWith("hit");
        double base = hit ? Nusd.usd(s.savedNusd()).doubleValue()
                : baseline == null ? s.cost().totalUsd().doubleValue()
                : CostCalculator.cost(s.usage(), baseline.price(), false).totalUsd().doubleValue();
        root.setAttribute(GenAi.BASELINE_USD, base);
    }

    /** Flushes what is queued and stops exporting. */
    @Override
    public void close() {
        if (provider != null) provider.close();
    }
}
