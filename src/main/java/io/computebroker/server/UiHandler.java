package io.computebroker.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard at /ui: static files built from {@code ui/} (Vite) and shipped on the classpath under
 * {@code /ui}. The page itself holds no data and needs no key to load; it asks for an admin key and
 * reads the admin JSON API with it. Hashed assets are cached for a year, the page itself never.
 */
final class UiHandler {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json", "application/json", "map", "application/json");

    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();

    void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (path.equals("/ui")) {
            res.status(Status.MOVED_PERMANENTLY_301).header(HeaderNames.LOCATION, "/ui/").send();
            return;
        }
        String rel = path.substring("/ui/".length());
        if (rel.isEmpty()) rel = "index.html";
        if (!SAFE.matcher(rel).matches() || rel.contains("..")) {
            notFound(res, "no such file");
            return;
        }
        Optional<byte[]> body = files.computeIfAbsent(rel, UiHandler::load);
        if (body.isEmpty()) {
            notFound(res, rel.equals("index.html") ? "the dashboard was not built into this jar (cd ui && npm ci && npm run build)" : "no such file");
            return;
        }
        String ext = rel.substring(rel.lastIndexOf('.') + 1);
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        res.header(HeaderNames.CACHE_CONTROL, rel.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        res.header("x-content-type-options", "nosniff");
        if (ext.equals("html")) {
            // The page only talks to this origin; nothing inline, nothing from elsewhere.
            res.header("content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; frame-ancestors 'none'");
        }
        res.send(body.get());
    }

    private static Optional<byte[]> load(String rel) {
        try (InputStream in = UiHandler.class.getResourceAsStream("/ui/" + rel)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void notFound(ServerResponse res, String why) {
        res.status(404);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(why.getBytes(StandardCharsets.UTF_8));
    }
}
