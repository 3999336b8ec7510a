package io.computebroker.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.budget.Usd;
import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.Json;
import io.computebroker.core.WireFormat;
import io.computebroker.identify.Principal;
import io.computebroker.orchestrate.Orchestrator;
import io.computebroker.orchestrate.RunLimits;
import io.computebroker.orchestrate.RunSpec;
import io.computebroker.orchestrate.RunViews;
import io.computebroker.orchestrate.plan.PlanSchema;
import io.computebroker.orchestrate.store.RunRecord;
import io.computebroker.orchestrate.store.RunStore;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runs API of the orchestration plane: create, read, follow (SSE), report, cancel, and approve or
 * reject a task at a checkpoint. A key sees its own tenant's runs (admin keys every run); errors use the
 * OpenAI shape and a bad field is a 400 naming it.
 */
final class RunsHandler {
    private static final Logger LOG = Logger.getLogger(RunsHandler.class.getName());
    private static final long POLL_MS = 250;
    private final Authenticator auth;
    private final Orchestrator orchestrator;
    private final long maxBodyBytes;

    RunsHandler(Authenticator auth, Orchestrator orchestrator, long maxBodyBytes) {
        this.auth = auth;
        this.orchestrator = orchestrator;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(HttpRouting.Builder r) {
        r.get("/v1/runs/plan-schema", (req, res) -> guarded(res, () -> send(res, 200, PlanSchema.text())))
         .post("/v1/runs", (req, res) -> guarded(res, () -> create(req, res)))
         .get("/v1/runs/{id}", (req, res) -> guarded(res, () -> show(req, res)))
         .get("/v1/runs/{id}/report", (req, res) -> guarded(res, () -> report(req, res)))
         .get("/v1/runs/{id}/events", (req, res) -> guarded(res, () -> events(req, res)))
         .post("/v1/runs/{id}/cancel", (req, res) -> guarded(res, () -> {
             RunRecord run = orchestrator.cancel(id(req), auth.authenticate(req));
             send(res, 200, Json.write(RunViews.run(run, orchestrator.tasks().tasks(run.id()))));
         }))
         .post("/v1/runs/{id}/tasks/{task}/approve", (req, res) -> guarded(res, () -> decide(req, res, true)))
         .post("/v1/runs/{id}/tasks/{task}/reject", (req, res) -> guarded(res, () -> decide(req, res, false)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal p = auth.authenticate(req);
        JsonNode body = Http.jsonBody(req, maxBodyBytes);
        JsonNode limits = body.path("limits");
        RunLimits defaults = RunLimits.DEFAULT;
        RunSpec spec = named("goal", () -> new RunSpec(text(body, "goal"), text(body, "profile"),
                named("budget_usd", () -> Usd.parse(body.hasNonNull("budget_usd") ? body.get("budget_usd").asText() : "")),
                named("limits", () -> new RunLimits(limits.path("max_tasks").asInt(defaults.maxTasks()),
                        limits.path("max_depth").asInt(defaults.maxDepth()),
                        limits.path("max_wall_seconds").asLong(defaults.maxWallMs() / 1000) * 1000)),
                named("sensitivity", () -> body.hasNonNull("sensitivity") ? Sensitivity.parse(body.get("sensitivity").asText()) : null)));
        RunRecord run = orchestrator.create(p, spec);
        res.header("location", "/v1/runs/" + run.id());
        send(res, 201, Json.write(RunViews.run(run, java.util.List.of())));
    }

    private RunRecord visible(ServerRequest req) {
        Principal p = auth.authenticate(req);
        String id = id(req);
        return orchestrator.visible(id, p).orElseThrow(() -> new BrokerException(ErrorKind.NOT_FOUND, "no run '" + id + "'"));
    }

    private void show(ServerRequest req, ServerResponse res) {
        RunRecord run = visible(req);
        send(res, 200, Json.write(RunViews.run(run, orchestrator.tasks().tasks(run.id()))));
    }

    private void report(ServerRequest req, ServerResponse res) {
        RunRecord run = visible(req);
        RunStore s = orchestrator.runs();
        send(res, 200, Json.write(RunViews.report(run, orchestrator.tasks().tasks(run.id()), s.calls(run.id()), s.toolCalls(run.id()))));
    }

    private void decide(ServerRequest req, ServerResponse res, boolean approve) {
        Principal p = auth.authenticate(req);
        String task = req.path().pathParameters().get("task");
        var t = orchestrator.decide(id(req), task, approve, p);
        send(res, 200, Json.write(Json.object().put("run", t.runId()).put("task", t.id()).put("state", t.state().wire())
                .put("approval", t.approval()).put("decided_by", t.decidedBy()).put("decided_at", t.decidedAt())));
    }

    /** Server-sent events: every event after {@code ?after=N} (or Last-Event-ID), until the run has finished. */
    private void events(ServerRequest req, ServerResponse res) {
        RunRecord run = visible(req);
        long after = named("after", () -> Long.parseLong(req.query().contains("after") ? req.query().get("after")
                : req.headers().first(HeaderNames.create("last-event-id")).orElse("0")));
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("x-accel-buffering", "no");
        // The server's own response buffer is small (Gateway): a poll's events are gathered here, sent by the flush.
        try (OutputStream out = new BufferedOutputStream(res.outputStream(), 16 * 1024)) {
            long idleSince = System.currentTimeMillis();
            while (true) {
                boolean finished = orchestrator.runs().run(run.id()).map(r -> r.state().terminal()).orElse(true);
                var events = orchestrator.runs().events(run.id(), after, 500);
                for (var e : events) {
                    out.write(("id: " + e.seq() + "\nevent: " + e.type() + "\ndata: " + Json.write(e.data()) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    after = e.seq();
                }
                if (!events.isEmpty()) idleSince = System.currentTimeMillis();
                else if (System.currentTimeMillis() - idleSince > 15_000) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    idleSince = System.currentTimeMillis();
                }
                out.flush();
                if (finished && events.isEmpty()) return; // everything up to the end has been sent
                Thread.sleep(POLL_MS);
            }
        } catch (IOException e) {
            // the caller went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String id(ServerRequest req) { return req.path().pathParameters().get("id"); }

    private static String text(JsonNode body, String key) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw BrokerException.invalid(key, key + " must be a string");
        return v.asText();
    }

    private static <T> T named(String name, Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            // RunSpec and RunLimits start their messages with the field at fault ("budget_usd must be > 0").
            String first = e.getMessage() == null ? "" : e.getMessage().split("[ .]", 2)[0];
            String field = first.matches("goal|profile|budget_usd|limits|sensitivity") ? first : name;
            throw BrokerException.invalid(field, e.getMessage());
        }
    }

    private void guarded(ServerResponse res, Runnable work) {
        try {
            work.run();
        } catch (BrokerException e) {
            Http.error(res, WireFormat.OPENAI, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "runs API request failed", e);
            Http.error(res, WireFormat.OPENAI, new BrokerException(ErrorKind.INTERNAL, "the request failed; see the server log"));
        }
    }

    private static void send(ServerResponse res, int status, String json) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, Http.JSON);
        res.send(json.getBytes(StandardCharsets.UTF_8));
    }
}
