package io.computebroker.orchestrate.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.computebroker.core.Json;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code fetch_url}: GET of a URL that starts with one of the allow-listed prefixes (after normalising,
 * so "/docs/../admin" cannot slip past "/docs/"). No redirects are followed: a redirect could leave the list.
 */
public final class LocalFetch implements AgentTool {
    private final List<String> allowed;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public LocalFetch(List<String> allowedPrefixes) {
        for (String p : allowedPrefixes) {
            // A prefix without its closing slash would also allow "http://host:80.evil/" or "/docs-private".
            if (!(p.startsWith("http://") || p.startsWith("https://")) || !p.endsWith("/") || URI.create(p).getHost() == null)
                throw new IllegalArgumentException("tools.fetchAllow: '" + p + "' must be an http(s) URL with a host, ending in '/'");
        }
        this.allowed = List.copyOf(allowedPrefixes);
    }

    @Override public String name() { return "fetch_url"; }

    @Override public String description() { return "GETs a URL from the allow-list " + allowed + " and returns the body as text"; }

    @Override
    public JsonNode inputSchema() {
        var s = Json.object().put("type", "object");
        s.putObject("properties").putObject("url").put("type", "string").put("description", "an allow-listed URL");
        s.putArray("required").add("url");
        return s;
    }

    @Override
    public String run(JsonNode arguments) throws ToolFailure {
        String raw = AgentTool.requiredText(arguments, "url");
        URI uri;
        try {
            uri = URI.create(raw).normalize();
        } catch (IllegalArgumentException e) {
            throw new ToolFailure("not a URL: " + raw);
        }
        String u = uri.toString();
        if (uri.getRawUserInfo() != null || allowed.stream().noneMatch(u::startsWith)) throw new ToolFailure("URL not on the allow-list: " + raw);
        try {
            HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                String body = new String(in.readNBytes(MAX_OUTPUT * 4), StandardCharsets.UTF_8);
                if (res.statusCode() >= 400) throw new ToolFailure("HTTP " + res.statusCode() + " from " + u);
                return AgentTool.clip(body);
            }
        } catch (IOException e) {
            throw new ToolFailure("fetch failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("fetch interrupted");
        }
    }
}
