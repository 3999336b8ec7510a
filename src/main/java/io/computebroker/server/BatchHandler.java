package io.computebroker.server;

import io.computebroker.batch.BatchService;
import io.computebroker.classify.CallerSignals;
import io.computebroker.core.BrokerException;
import io.computebroker.core.WireFormat;
import io.computebroker.identify.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The OpenAI Files and Batch API over the batch lane: upload a JSONL input file, create a batch, poll
 * it, cancel it, download its output and error files. Errors use the OpenAI format.
 */
final class BatchHandler implements HttpService {
    /** Batch input files may be much larger than one request; OpenAI's own limit is 200 MB. */
    static final long MAX_FILE_BYTES = 100L << 20;

    private final Authenticator auth;
    private final BatchService batches;
    private final long maxBodyBytes;

    BatchHandler(Authenticator auth, BatchService batches, long maxBodyBytes) {
        this.auth = auth;
        this.batches = batches;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/files", this::upload)
             .get("/v1/files", (req, res) -> run(req, res, p -> Http.json(res, 200, batches.files(p, req.query().first("purpose").orElse(null),
                     req.query().first("after").orElse(null), limit(req), req.query().first("order").orElse(null)))))
             .get("/v1/files/{id}/content", this::content)
             .get("/v1/files/{id}", (req, res) -> run(req, res, p -> Http.json(res, 200, batches.file(p, id(req)))))
             .delete("/v1/files/{id}", (req, res) -> run(req, res, p -> Http.json(res, 200, batches.deleteFile(p, id(req)))))
             .post("/v1/batches", (req, res) -> run(req, res, p ->
                     Http.json(res, 200, batches.create(p, Http.jsonBody(req, maxBodyBytes), signals(req)))))
             .get("/v1/batches", (req, res) -> run(req, res, p -> Http.json(res, 200,
                     batches.list(p, req.query().first("after").orElse(null), limit(req)))))
             .get("/v1/batches/{id}", (req, res) -> run(req, res, p -> Http.json(res, 200, batches.get(p, id(req)))))
             .post("/v1/batches/{id}/cancel", (req, res) -> run(req, res, p -> Http.json(res, 200, batches.cancel(p, id(req)))));
    }

    private void upload(ServerRequest req, ServerResponse res) {
        run(req, res, p -> {
            var parts = Multipart.parse(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), Http.body(req, MAX_FILE_BYTES));
            Multipart.Part file = parts.get("file");
            Multipart.Part purpose = parts.get("purpose");
            if (file == null) throw BrokerException.invalid("file", "the form needs a 'file' part");
            if (purpose == null) throw BrokerException.invalid("purpose", "the form needs a 'purpose' part ('batch')");
            Http.json(res, 200, batches.upload(p, purpose.text().strip(), file.filename(), file.text()));
        });
    }

    private void content(ServerRequest req, ServerResponse res) {
        run(req, res, p -> {
            byte[] bytes = batches.content(p, id(req)).getBytes(StandardCharsets.UTF_8);
            res.status(200);
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.send(bytes);
        });
    }

    private interface Work {
        void run(Principal p);
    }

    private void run(ServerRequest req, ServerResponse res, Work work) {
        try {
            work.run(auth.authenticate(req));
        } catch (BrokerException e) {
            Http.error(res, WireFormat.OPENAI, e);
        }
    }

    private static String id(ServerRequest req) { return req.path().pathParameters().get("id"); }

    private static Integer limit(ServerRequest req) {
        String l = req.query().first("limit").orElse(null);
        if (l == null) return null;
        try {
            return Integer.parseInt(l.strip());
        } catch (NumberFormatException e) {
            throw BrokerException.invalid("limit", "limit must be a whole number");
        }
    }

    /** The caller's x-broker-* routing signals at batch creation: they apply to every item, as on a single call. */
    static Map<String, String> signals(ServerRequest req) {
        Map<String, String> h = new HashMap<>();
        for (String name : new String[]{CallerSignals.TASK, CallerSignals.SENSITIVITY, CallerSignals.FEATURE,
                CallerSignals.RUN, CallerSignals.MAX_COST, CallerSignals.LATENCY, CallerSignals.CACHE}) {
            req.headers().first(HeaderNames.create(name)).ifPresent(v -> h.put(name, v));
        }
        // Refuse bad values now (400 naming the header) rather than failing every item later.
        CallerSignals.read(h, null);
        return h;
    }
}
