package io.computebroker.server;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.core.BrokerException;
import io.computebroker.core.ErrorKind;
import io.computebroker.core.WireFormat;
import io.computebroker.identify.Principal;
import io.computebroker.report.Audit;
import io.computebroker.report.AuditFormat;
import io.computebroker.report.AuditQuery;
import io.computebroker.report.AuditRow;
import io.computebroker.report.GroupBy;
import io.computebroker.report.JsonOut;
import io.computebroker.report.ReportJson;
import io.computebroker.report.ReportQuery;
import io.computebroker.report.Reports;
import io.computebroker.report.TimeSpec;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * GET /admin/report and GET /admin/audit: the CLI's report and audit over HTTP, for admin keys only
 * (401 without a valid key, 403 for a key without the admin flag). Errors use the OpenAI shape, and a
 * bad parameter is a 400 that names it. Admin keys see every tenant; {@code tenant=} narrows.
 */
final class AdminHandler {
    private static final Logger LOG = Logger.getLogger(AdminHandler.class.getName());
    private static final String DEFAULT_SINCE = "30d";

    private final Authenticator auth;
    private final Reports reports;
    private final Audit audit;

    AdminHandler(Authenticator auth, Reports reports, Audit audit) {
        this.auth = auth;
        this.reports = reports;
        this.audit = audit;
    }

    /** GET /admin/report?by=model&since=30d&until=&tenant= */
    void report(ServerRequest req, ServerResponse res) {
        guarded(req, res, () -> {
            Instant now = Instant.now();
            GroupBy by = param(req, "by", "model", GroupBy::parse);
            Instant since = param(req, "since", DEFAULT_SINCE, s -> TimeSpec.parse(s, now));
            Instant until = param(req, "until", null, s -> TimeSpec.parse(s, now));
            ReportQuery q = named("since", () -> new ReportQuery(by, since, until == null ? now : until, text(req, "tenant")));
            // Hardware throughput is config the admin API does not hold: utilisation is left to the caller.
            send(res, Http.JSON, JsonOut.write(ReportJson.toJson(reports.report(q), Map.of())));
        });
    }

    /** GET /admin/audit?sensitivity=confidential&tenant=&since=30d&until=&format=json|csv */
    void audit(ServerRequest req, ServerResponse res) {
        guarded(req, res, () -> {
            Instant now = Instant.now();
            Sensitivity min = param(req, "sensitivity", null, Sensitivity::parse);
            Instant since = param(req, "since", DEFAULT_SINCE, s -> TimeSpec.parse(s, now));
            Instant until = param(req, "until", null, s -> TimeSpec.parse(s, now));
            String format = param(req, "format", "json", f -> switch (f.toLowerCase(java.util.Locale.ROOT)) {
                case "json", "csv" -> f.toLowerCase(java.util.Locale.ROOT);
                default -> throw new IllegalArgumentException("format must be json or csv, not '" + f + "'");
            });
            AuditQuery q = named("since", () -> new AuditQuery(min, text(req, "tenant"), since, until == null ? now : until));
            List<AuditRow> rows = audit.audit(q);
            if (format.equals("csv")) send(res, "text/csv; charset=utf-8", AuditFormat.csv(rows));
            else send(res, Http.JSON, JsonOut.write(AuditFormat.json(q, rows)));
        });
    }

    void guarded(ServerRequest req, ServerResponse res, Runnable work) {
        try {
            Principal p = auth.authenticate(req);
            if (!p.admin()) {
                throw new BrokerException(ErrorKind.PERMISSION, "this endpoint needs an admin key (broker keys create --admin)");
            }
            work.run();
        } catch (BrokerException e) {
            Http.error(res, WireFormat.OPENAI, e);
        } catch (RuntimeException e) {
            // Store failures and the like: logged with detail here, a generic 500 to the caller.
            LOG.log(Level.WARNING, "admin request failed: " + req.path().path(), e);
            Http.error(res, WireFormat.OPENAI, new BrokerException(ErrorKind.INTERNAL, "the report could not be produced; see the server log"));
        }
    }

    /** A query parameter read by {@code parse}, or {@code fallback} when absent (null stays null). */
    static <T> T param(ServerRequest req, String name, String fallback, Function<String, T> parse) {
        String raw = req.query().contains(name) ? req.query().get(name) : fallback;
        return raw == null ? null : named(name, () -> parse.apply(raw.strip()));
    }

    /** Runs a parse or check; its IllegalArgumentException becomes a 400 naming {@code name}. */
    static <T> T named(String name, Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw BrokerException.invalid(name, "invalid query parameter '" + name + "': " + e.getMessage());
        }
    }

    static String text(ServerRequest req, String name) {
        return req.query().contains(name) ? req.query().get(name) : null;
    }

    static void send(ServerResponse res, String contentType, String body) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
