package io.computebroker.server;

import io.computebroker.api.EventBuffer;
import io.computebroker.api.StreamEncoder;
import io.computebroker.classify.CallerSignals;
import io.computebroker.config.ModelConfig;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ChatRequest;
import io.computebroker.core.StreamEvent;
import io.computebroker.decide.Decision;
import io.computebroker.identify.Principal;
import io.computebroker.pipeline.Completed;
import io.computebroker.pipeline.Exchange;
import io.computebroker.pipeline.Pipeline;
import io.computebroker.settle.AfterAnswer;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/chat/completions and POST /v1/messages: wire in → pipeline → wire out, streaming or not.
 * Streams are written event by event and flushed whenever the upstream has no further event at hand: no
 * event waits for the network, and several that arrived in one read leave in one write.
 * With {@code x-broker-batch: true} the call is deferred to the batch lane instead: 202 and a batch of one.
 */
final class ChatHandler {
    private final Authenticator auth;
    private final Pipeline pipeline;
    private final long maxBodyBytes;
    private final io.computebroker.batch.BatchService batches;
    private final io.computebroker.observe.Observability observe;
    static final String BATCH = "x-broker-batch", BATCH_WINDOW = "x-broker-batch-window";
    /**
     * Header names made once: {@code res.header(String, …)} and {@code HeaderNames.create} build a new name
     * (lower-cased copy, hash) per call, a dozen times per request.
     */
    private static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id"), CACHE = HeaderNames.create("x-broker-cache"),
            COST = HeaderNames.create("x-broker-cost-usd"), ROUTE = HeaderNames.create("x-broker-route"),
            DECISION = HeaderNames.create("x-broker-decision"), MODEL = HeaderNames.create("x-broker-model"),
            BOUNDARY = HeaderNames.create("x-broker-boundary"), POLICY = HeaderNames.create("x-broker-policy"),
            TASK = HeaderNames.create("x-broker-task"), SENSITIVITY = HeaderNames.create("x-broker-sensitivity"),
            FALLBACK_FROM = HeaderNames.create("x-broker-fallback-from"), BUDGET_WARNING = HeaderNames.create("x-broker-budget-warning"),
            BATCH_HEADER = HeaderNames.create(BATCH), ANTHROPIC_BETA = HeaderNames.create("anthropic-beta");
    private static final List<HeaderName> SIGNAL_HEADERS = java.util.stream.Stream.of(CallerSignals.TASK, CallerSignals.SENSITIVITY,
            CallerSignals.FEATURE, CallerSignals.RUN, CallerSignals.MAX_COST, CallerSignals.LATENCY, CallerSignals.CACHE)
            .map(HeaderNames::create).toList();

    ChatHandler(Authenticator auth, Pipeline pipeline, long maxBodyBytes, io.computebroker.observe.Observability observe) {
        this(auth, pipeline, maxBodyBytes, null, observe);
    }

    ChatHandler(Authenticator auth, Pipeline pipeline, long maxBodyBytes, io.computebroker.batch.BatchService batches,
                io.computebroker.observe.Observability observe) {
        this.observe = observe;
        this.auth = auth;
        this.pipeline = pipeline;
        this.maxBodyBytes = maxBodyBytes;
        this.batches = batches;
    }

    void handle(ServerRequest req, ServerResponse res, CallerFormat format) {
        long start = System.nanoTime();
        String requestId = Ids.next("req_");
        res.header(REQUEST_ID, requestId);
        var trace = observe.tracing().request(req.path().path(), requestId, h -> req.headers().first(HeaderNames.create(h)).orElse(null));
        Outcome outcome = new Outcome();
        AfterAnswer.open();
        try {
            Principal principal = auth.authenticate(req);
            outcome.principal = principal;
            com.fasterxml.jackson.databind.JsonNode body = Http.jsonBody(req, maxBodyBytes);
            ChatRequest request = format.decode(body);
            trace.decoded(request);
            CallerSignals declared = CallerSignals.read(brokerHeaders(req), request.metadata());
            if (deferred(req)) {
                defer(req, res, principal, request, body, format);
                outcome.status = 202;
                return;
            }
            Exchange ex = new Exchange(requestId, principal, request, declared, format.wire, forwardHeaders(req, format), start);
            if (request.stream()) {
                stream(ex, res, format, outcome);
            } else {
                Completed done = pipeline.complete(ex);
                observe.metrics().cache(principal.tenant(), done.cacheOutcome());
                routeHeaders(res, done.decision(), done.dispatched().served());
                warningHeaders(res, done.warnings());
                res.header(CACHE, done.cacheOutcome());
                res.header(COST, done.cost().totalUsdText());
                Http.json(res, 200, format.encode(done.response(), Ids.next(format.idPrefix), done.dispatched().served().id(),
                        System.currentTimeMillis() / 1000));
            }
        } catch (BrokerException e) {
            outcome.failed(e);
            Http.error(res, format.wire, e);
        } catch (RuntimeException e) {
            outcome.failed(e);
            throw e;
        } finally {
            long micros = (System.nanoTime() - start) / 1000;
            AfterAnswer.run(); // the settled ledger record, now that the answer is sent (or failed)
            trace.end(outcome.status, outcome.errorType);
            String wire = format.wireName;
            observe.metrics().http(wire, outcome.status);
            observe.accessLog().done(requestId, wire,
                    outcome.principal == null ? null : outcome.principal.tenant(),
                    outcome.principal == null ? null : outcome.principal.keyId(), outcome.status, outcome.errorType, micros);
        }
    }

    private static boolean deferred(ServerRequest req) {
        String v = req.headers().first(BATCH_HEADER).orElse("false").strip().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) throw BrokerException.invalid(BATCH, "header " + BATCH + " must be 'true' or 'false'");
        return v.equals("true");
    }

    /**
     * Queues the call in the batch lane as a batch of one and answers 202 with the batch object; the
     * caller polls {@code Location} (GET /v1/batches/{id}) and reads the answer from its output file.
     */
    private void defer(ServerRequest req, ServerResponse res, Principal principal, ChatRequest request,
                       com.fasterxml.jackson.databind.JsonNode body, CallerFormat format) {
        if (batches == null) throw new BrokerException(io.computebroker.core.ErrorKind.NOT_FOUND, "this broker has no batch lane");
        if (request.stream()) throw BrokerException.invalid("stream", "a deferred call (" + BATCH + ": true) cannot stream");
        String endpoint = format == CallerFormat.ANTHROPIC ? "/v1/messages" : "/v1/chat/completions";
        var batch = batches.defer(principal, endpoint, body, brokerHeaders(req),
                req.headers().first(HeaderNames.create(BATCH_WINDOW)).orElse(null));
        res.header("location", "/v1/batches/" + batch.get("id").asText());
        Http.json(res, 202, batch);
    }

    /** What the access log, the root span and the HTTP counter learn when the exchange ends. */
    private static final class Outcome {
        Principal principal;
        int status = 200;
        String errorType;

        void failed(RuntimeException e) {
            status = e instanceof BrokerException b ? b.status() : 500;
            errorType = io.computebroker.observe.Tracing.errorType(e);
        }
    }

    private void stream(Exchange ex, ServerResponse res, CallerFormat format, Outcome outcome) {
        SseWriter writer = new SseWriter(res, format);
        try {
            pipeline.stream(ex, route -> {
                routeHeaders(res, route.decision(), route.served());
                warningHeaders(res, route.warnings());
                res.header(CACHE, route.cacheOutcome());
                observe.metrics().cache(ex.principal().tenant(), route.cacheOutcome());
                writer.encoder = format.streamEncoder(Ids.next(format.idPrefix), route.served().id(),
                        System.currentTimeMillis() / 1000, ex.request().includeUsage());
            }, io.computebroker.provider.StreamSink.of(writer::write, writer::flush));
            if (writer.refusal != null) outcome.failed(writer.refusal); // failed before the first byte: an error response
        } catch (BrokerException e) {
            outcome.failed(e);
            if (writer.started()) {
                outcome.status = 200; // the caller got 200 and then an error event
                writer.write(new StreamEvent.Failure(e));
            } else {
                Http.error(res, format.wire, e);
            }
        } catch (UncheckedIOException e) {
            outcome.errorType = "client_disconnected";
            // The caller went away mid-stream; the pipeline has closed the upstream and settled the call.
        } finally {
            writer.close();
        }
    }

    /** The explanation every response carries: where it went, under which decision, with what signals. */
    private static void routeHeaders(ServerResponse res, Decision d, ModelConfig served) {
        res.header(ROUTE, served.provider() + "/" + served.id());
        res.header(DECISION, d.id());
        res.header(MODEL, served.id());
        res.header(BOUNDARY, served.boundary().wire());
        res.header(POLICY, d.policyVersion());
        res.header(TASK, d.signals().task().wire());
        res.header(SENSITIVITY, d.signals().sensitivity().wire());
        if (!served.id().equals(d.chosen().id())) res.header(FALLBACK_FROM, d.chosen().id());
    }

    /** Soft budget limits and downgrades are visible to the caller without failing the call. */
    private static void warningHeaders(ServerResponse res, java.util.List<String> warnings) {
        if (!warnings.isEmpty()) res.header(BUDGET_WARNING, String.join("; ", warnings));
    }

    private static Map<String, String> brokerHeaders(ServerRequest req) {
        Map<String, String> h = new HashMap<>();
        for (HeaderName name : SIGNAL_HEADERS) req.headers().first(name).ifPresent(v -> h.put(name.defaultCase(), v));
        return h;
    }

    private static Map<String, String> forwardHeaders(ServerRequest req, CallerFormat format) {
        Map<String, String> h = new HashMap<>();
        if (format == CallerFormat.ANTHROPIC) {
            req.headers().first(ANTHROPIC_BETA).ifPresent(v -> h.put("anthropic-beta", v));
        }
        return h;
    }

    /**
     * Opens the SSE response lazily: a failure before the first event can still become a plain error
     * response with the right status; after that it becomes an error event in the caller's format.
     */
    private static final class SseWriter {
        private final ServerResponse res;
        private final CallerFormat format;
        StreamEncoder encoder;
        private OutputStream out;
        private boolean failedBeforeStart;
        /** Events encoded since the last flush; the server's own buffer stays small (Gateway: writeBufferSize). */
        private final EventBuffer unsent = new EventBuffer(512);
        BrokerException refusal;

        SseWriter(ServerResponse res, CallerFormat format) {
            this.res = res;
            this.format = format;
        }

        boolean started() { return out != null; }

        void write(StreamEvent event) {
            if (out == null && event instanceof StreamEvent.Failure f) {
                failedBeforeStart = true;
                refusal = f.error();
                Http.error(res, format.wire, f.error());
                return;
            }
            if (failedBeforeStart) return;
            int before = unsent.size();
            encoder.encodeTo(event, unsent);
            if (unsent.size() == before) return;
            if (out == null) {
                res.status(200);
                res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                res.header("x-accel-buffering", "no");
                out = res.outputStream();
            }
            // A failure ends the stream: nothing follows it, so it goes now.
            if (event instanceof StreamEvent.Failure) flush();
        }

        /** Sends what {@link #write} buffered (the upstream has nothing more at hand), in one write. */
        void flush() {
            if (out == null || unsent.size() == 0) return;
            try {
                unsent.writeTo(out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            if (out == null) return;
            try {
                unsent.writeTo(out);
                out.close();
            } catch (IOException | RuntimeException ignored) {
                // the caller is gone; nothing left to tell it
            }
        }
    }
}
